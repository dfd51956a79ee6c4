using System.Linq;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>
/// KPL1005: global singletons and defaults of libraries the base may share, reported only where the library is
/// referenced. Every KPL1005 line of the default catalog has a positive case here, against the real package.
/// </summary>
public sealed class SharedLibrarySingletonTests
{
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Newtonsoft_json_default_settings(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using Newtonsoft.Json;

        class Startup
        {
            string Configure(object value)
            {
                {|KPL1005:JsonConvert.DefaultSettings|} = () => new JsonSerializerSettings { Formatting = Formatting.Indented };

                // Reads and explicit per-call settings are fine.
                var current = JsonConvert.DefaultSettings;
                return JsonConvert.SerializeObject(value, new JsonSerializerSettings()) + current;
            }
        }
        """).WithPackages(TestReferences.NewtonsoftJson).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Serilog_static_logger_and_self_log(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Serilog;
        using Serilog.Debugging;

        class Startup
        {
            async Task Configure(ILogger logger, TextWriter writer)
            {
                {|KPL1005:Log.Logger|} = logger;
                {|KPL1005:Log.CloseAndFlush|}();
                await {|KPL1005:Log.CloseAndFlushAsync|}();
                {|KPL1005:SelfLog.Enable|}(writer);
                {|KPL1005:SelfLog.Enable|}(message => Console.WriteLine(message));
                {|KPL1005:SelfLog.Disable|}();

                // Using the shared logger is fine; replacing it is the hazard.
                Log.Information("started");
                Log.Logger.ForContext<Startup>().Warning("context");
                Log.ForContext("Module", "A").Debug("scoped");
            }
        }
        """).WithPackages(TestReferences.Serilog).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Nlog_global_log_factory(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System.IO;
        using NLog;
        using NLog.Common;
        using NLog.Config;

        class Startup
        {
            void Configure(LoggingConfiguration configuration, TextWriter writer)
            {
                {|KPL1005:LogManager.Configuration|} = configuration;
                {|KPL1005:LogManager.LoadConfiguration|}("nlog.config");
                {|KPL1005:LogManager.GlobalThreshold|} = LogLevel.Warn;
                {|KPL1005:LogManager.ThrowExceptions|} = true;
                {|KPL1005:LogManager.Shutdown|}();
                {|KPL1005:InternalLogger.LogWriter|} = writer;

                // Loggers and a per-module factory are fine.
                var logger = LogManager.GetCurrentClassLogger();
                var current = LogManager.Configuration;
                var factory = new LogFactory();
                factory.Configuration = configuration;
                logger.Info("{0}", current);
            }
        }
        """).WithPackages(TestReferences.NLog).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Automapper_8_static_mapper(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using AutoMapper;
        using AutoMapper.Configuration;

        class Source { public int Id { get; set; } }
        class Target { public int Id { get; set; } }

        class Startup
        {
            IMapper Configure(MapperConfigurationExpression expression)
            {
                {|KPL1005:Mapper.Initialize|}(cfg => cfg.CreateMap<Source, Target>());
                {|KPL1005:Mapper.Initialize|}(expression);
                {|KPL1005:Mapper.Reset|}();

                // A per-module configuration and mapper are the fix.
                var configuration = new MapperConfiguration(cfg => cfg.CreateMap<Source, Target>());
                return configuration.CreateMapper();
            }
        }
        """).WithReferences(TestReferences.AutoMapper8).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Dapper_type_handlers_maps_and_settings(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Data;
        using Dapper;

        class Startup
        {
            void Configure(SqlMapper.ITypeHandler handler, SqlMapper.TypeHandler<Uri> uriHandler, SqlMapper.ITypeMap map, IDbConnection connection)
            {
                {|KPL1005:SqlMapper.AddTypeHandler|}(typeof(Uri), handler);
                {|KPL1005:SqlMapper.AddTypeHandler|}(uriHandler);
                {|KPL1005:SqlMapper.ResetTypeHandlers|}();
                {|KPL1005:SqlMapper.AddTypeMap|}(typeof(Uri), DbType.String);
                {|KPL1005:SqlMapper.AddTypeMap|}(typeof(Uri), DbType.String, false);
                {|KPL1005:SqlMapper.RemoveTypeMap|}(typeof(Uri));
                {|KPL1005:SqlMapper.SetTypeMap|}(typeof(Startup), map);
                {|KPL1005:SqlMapper.Settings.CommandTimeout|} = 30;
                {|KPL1005:SqlMapper.Settings.ApplyNullValues|} = true;
                {|KPL1005:SqlMapper.Settings.PadListExpansions|} = true;
                {|KPL1005:SqlMapper.Settings.InListStringSplitCount|} = 10;
                {|KPL1005:SqlMapper.Settings.FetchSize|} = 1024;

                // Queries and reads of the settings are fine.
                var timeout = SqlMapper.Settings.CommandTimeout;
                connection.Execute("select 1", commandTimeout: timeout);
            }
        }
        """).WithPackages(TestReferences.Dapper).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task Hangfire_global_job_storage(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using Hangfire;

        class Startup
        {
            void Configure(JobStorage storage, JobStorage other)
            {
                {|KPL1005:JobStorage.Current|} = storage;
                {|KPL1005:GlobalConfiguration.Configuration.UseStorage|}(other);

                // Reading the storage and handing it to a client of the module's own are fine.
                var current = JobStorage.Current;
                var client = new BackgroundJobClient(storage);
            }
        }
        """).WithReferences(TestReferences.Hangfire.ToArray()).InRole(role).RunAsync();

    [Fact]
    public Task Look_alike_members_are_not_reported_when_the_library_is_not_referenced() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;

        namespace MyCompany.Json
        {
            // Same simple names as Newtonsoft.Json and Serilog, different types: not the shared libraries' globals.
            static class JsonConvert { public static Func<object>? DefaultSettings { get; set; } }
            static class Log { public static object? Logger { get; set; } public static void CloseAndFlush() { } }

            class Startup
            {
                void Configure()
                {
                    JsonConvert.DefaultSettings = () => new object();
                    Log.Logger = new object();
                    Log.CloseAndFlush();
                }
            }
        }
        """).RunAsync();
}
