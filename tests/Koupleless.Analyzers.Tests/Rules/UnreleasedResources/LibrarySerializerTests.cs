using System.Linq;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 through a library that serializes the caller's values with a per-type cache of the default context: the
/// catalog's KPL3010 lines (Flurl.Http, whose default serializer is Newtonsoft.Json up to 3.x and reflection-based
/// System.Text.Json from 4.0). Compiled against the real packages, in both signature sets the lines cover.
/// </summary>
public sealed class LibrarySerializerTests
{
    private const string Model = """
        public sealed class LicenseDto { public string Key { get; set; } = ""; }
        public sealed class ReleaseDto { public string Tag { get; set; } = ""; }
        """;

    /// <summary>The same calls compile against Flurl.Http 2.4.2 and 4.0.2 (optional parameters differ in order only).</summary>
    private const string Calls = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Flurl.Http;

        class LicenseClient
        {
            async Task<bool> Check(string url, LicenseDto license)
            {
                var release = await url.{|KPL3010:GetJsonAsync<ReleaseDto>()|};
                var releases = await url.{|KPL3010:GetJsonAsync<List<ReleaseDto>>()|};
                // One fluent chain, two calls: each is marked on its own line.
                return await url
                    .{|KPL3010:PostJsonAsync(license)|}
                    .{|KPL3010:ReceiveJson<ReleaseDto>()|} is not null;
            }

            // The client's serializer called directly (an app's own PostJsonAsync over Settings.JsonSerializer).
            string Direct(Flurl.Http.Configuration.ISerializer serializer, LicenseDto license, string json)
                => serializer.{|KPL3010:Serialize(license)|} + serializer.{|KPL3010:Deserialize<ReleaseDto>(json)|}!.Tag + serializer.Serialize("text");

            async Task<string> Framework(string url)
            {
                // Framework and primitive types never unload: nothing of the module is cached.
                var flag = await url.PostJsonAsync(new Dictionary<string, string> { ["a"] = "b" }).ReceiveJson<bool>();
                var text = await url.GetStringAsync();
                return text + flag + await url.GetJsonAsync<int[]>();
            }
        }
        """;

    [Fact]
    public Task Flurl_2_serializing_a_module_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Calls)
        .WithSource("/Model.cs", Model).WithReferences(TestReferences.FlurlHttp2.ToArray()).RunAsync();

    [Fact]
    public Task Flurl_4_serializing_a_module_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Calls)
        .WithSource("/Model.cs", Model).WithReferences(TestReferences.FlurlHttp4.ToArray()).RunAsync();

    [Fact]
    public Task The_message_names_the_library_cache_and_the_lines_hint() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Threading.Tasks;
        using Flurl.Http;

        class LicenseClient
        {
            Task Send(string url, LicenseDto license) => url.{|#0:PostJsonAsync(license)|};
        }
        """)
        .WithSource("/Model.cs", Model).WithReferences(TestReferences.FlurlHttp4.ToArray())
        .Expect(AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0).WithArguments(
            "GeneratedExtensions.PostJsonAsync",
            "LicenseDto",
            "the per-type caches of the JSON serializer Flurl.Http uses (by default Newtonsoft.Json's contract and TypeDescriptor caches up to 3.x, System.Text.Json's reflection metadata cache from 4.0; a custom serializer over reflection-based System.Text.Json caches too)",
            "configure the module's Flurl client with a JSON serializer over a source-generated JsonSerializerContext, or declare the DTO in a shared library"))
        .RunAsync();

    /// <summary>A module's own helper over the library serializer is followed to its callers, as for the built-in serializers.</summary>
    [Fact]
    public Task A_wrapper_of_the_library_serializer_is_reported_through_its_callers() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Threading.Tasks;
        using Flurl.Http;

        class Api
        {
            Task<T> Get<T>(string url) => url.{|#0:GetJsonAsync<T>()|};

            Task<ReleaseDto> Latest() => Get<ReleaseDto>("https://example.org/latest");
        }
        """)
        .WithSource("/Model.cs", Model).WithReferences(TestReferences.FlurlHttp4.ToArray())
        .Expect(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(ProcessWideTypeCacheAnalyzer.WrapperRule).WithLocation(0).WithArguments(
            "GeneratedExtensions.GetJsonAsync",
            "ReleaseDto",
            "Api.Latest",
            "the per-type caches of the JSON serializer Flurl.Http uses (by default Newtonsoft.Json's contract and TypeDescriptor caches up to 3.x, System.Text.Json's reflection metadata cache from 4.0; a custom serializer over reflection-based System.Text.Json caches too)",
            "configure the module's Flurl client with a JSON serializer over a source-generated JsonSerializerContext, or declare the DTO in a shared library"))
        .RunAsync();

    /// <summary>Types of a Shared or Base project never unload: the rule is the Module role's.</summary>
    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_is_not_reported(string role) => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Calls))
        .InRole(role).WithSource("/Model.cs", Model).WithReferences(TestReferences.FlurlHttp4.ToArray()).RunAsync();

    /// <summary>A company's HTTP client, referenced as a library (its calls are the module's uses).</summary>
    private const string CorpHttp = """
        namespace Corp.Http
        {
            public static class Rest
            {
                public static string Post(string url, object body) => url;
                public static string Post<T>(string url) => url;
                public static string Post(System.Uri url, object body, int retries) => url.ToString();
                public static string Ping(string url, object body) => url;
            }
        }
        """;

    /// <summary>An enterprise catalog can add its own library serializer the same way.</summary>
    [Fact]
    public Task An_enterprise_line_adds_a_library_serializer() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        class Caller
        {
            void Run(LicenseDto license)
            {
                _ = Corp.Http.Rest.{|KPL3010:Post("/l", license)|};
                _ = Corp.Http.Rest.Ping("/l", license);
            }
        }
        """)
        .WithSource("/Model.cs", Model)
        .WithReferencedLibrary(CorpHttp, "Corp.Http")
        .WithAdditionalFile("/repo/KouplelessHazards.Corp.txt", "KPL3010 | M:Corp.Http.Rest.Post(System.String,System.Object) | Corp.Http's serializer cache | use the source-generated client\n")
        .RunAsync();

    /// <summary>The library that declares the serializer passes on what its callers gave it: its own calls are not uses.</summary>
    [Fact]
    public Task The_librarys_own_calls_are_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        namespace Corp.Http
        {
            public static class Rest
            {
                public static string Post(string url, object body) => url;
                public static string Retry(string url, Envelope body) => Post(url, body);
            }

            public sealed class Envelope { }
        }
        """)
        .WithAdditionalFile("/repo/KouplelessHazards.Corp.txt", "KPL3010 | M:Corp.Http.Rest.Post(System.String,System.Object) | Corp.Http's serializer cache | use the source-generated client\n")
        .RunAsync();

    private const string Jobs = """
        using System.Threading.Tasks;
        using Hangfire;

        public interface IMailer
        {
            Task Send(Invite invite);
            void Notify(string address, int count);
            void Ping();
        }

        public sealed class Invite { public string Address { get; set; } = ""; }

        class Signup
        {
            private readonly IMailer _mailer;

            public Signup(IMailer mailer) => _mailer = mailer;

            void Register(string address)
            {
                // The job's arguments are serialized: a module type among them is cached.
                BackgroundJob.{|KPL3010:Enqueue(() => _mailer.Send(new Invite { Address = address }))|};
                BackgroundJob.{|KPL3010:Enqueue<IMailer>(m => m.Send(new Invite()))|};
                RecurringJob.{|KPL3010:AddOrUpdate("digest", () => _mailer.Send(new Invite()), Cron.Daily())|};

                // Framework values only; the lambda's parameter type (the job's service) is stored by name.
                BackgroundJob.Enqueue(() => _mailer.Notify(address, 1));
                BackgroundJob.Enqueue<IMailer>(m => m.Ping());
            }
        }
        """;

    [Fact]
    public Task Hangfire_job_arguments_of_a_module_type_are_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Jobs)
        .WithReferences(TestReferences.Hangfire.ToArray()).RunAsync();

    /// <summary>
    /// The Google API client libraries serialize with Google.Apis.Core's Newtonsoft.Json serializer (held-out set 25,
    /// Google.Apis.Auth): a module type given to it, through the class or its ISerializer, is reported; framework types are not.
    /// </summary>
    [Fact]
    public Task Google_client_serialization_of_a_module_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Collections.Generic;
        using Google.Apis;
        using Google.Apis.Json;

        public sealed class TokenResponse { public string AccessToken { get; set; } = ""; }

        class Tokens
        {
            TokenResponse Parse(string text, ISerializer serializer)
            {
                var token = NewtonsoftJsonSerializer.Instance.{|KPL3010:Deserialize<TokenResponse>(text)|};
                var body = NewtonsoftJsonSerializer.Instance.{|KPL3010:Serialize((object)token)|};
                var again = serializer.{|KPL3010:Deserialize<TokenResponse>(body)|};

                // Framework types only: nothing of the module is cached.
                var fields = NewtonsoftJsonSerializer.Instance.Deserialize<Dictionary<string, string>>(text);
                return fields.Count > 0 ? again : token;
            }
        }
        """).WithReferences(TestReferences.GoogleApisCore.ToArray()).RunAsync();

    /// <summary>A line naming every overload ("(*)") resolves to all of them, and only to methods of that name.</summary>
    [Fact]
    public Task A_method_group_line_covers_every_overload() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        class Caller
        {
            void Run(LicenseDto license)
            {
                _ = Corp.Http.Rest.{|KPL3010:Post("/l", license)|};
                _ = Corp.Http.Rest.{|KPL3010:Post<LicenseDto>("/l")|};
                _ = Corp.Http.Rest.{|KPL3010:Post(new System.Uri("http://l"), license, 3)|};
                _ = Corp.Http.Rest.Ping("/l", license);
            }
        }
        """)
        .WithSource("/Model.cs", Model)
        .WithReferencedLibrary(CorpHttp, "Corp.Http")
        .WithAdditionalFile("/repo/KouplelessHazards.Corp.txt", "KPL3010 | M:Corp.Http.Rest.Post(*) | Corp.Http's serializer cache | use the source-generated client\n")
        .RunAsync();

    /// <summary>
    /// A library line does not say which serializer the library runs, so its cache counts as released only when the
    /// module releases every kind: System.Text.Json's (the Unloading handler) and the adapters' TypeDescriptor and
    /// Newtonsoft.Json releases. One of them alone leaves the call reported.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task A_library_serializer_is_released_only_when_every_cache_kind_is(bool everyKind)
    {
        var call = """
            using System.Threading.Tasks;
            using Flurl.Http;

            class LicenseClient
            {
                Task Send(string url, LicenseDto license) => url.{|KPL3010:PostJsonAsync(license)|};
            }
            """;
        var spec = AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(everyKind ? Markup.Strip(call) : call)
            .WithSource("/Model.cs", Model)
            .WithSource("/Release.cs", ProcessWideTypeCacheTests.ClearsOnUnload)
            .WithReferences(TestReferences.FlurlHttp4.ToArray());
        return everyKind
            ? spec.WithReferencedLibrary(ProcessWideTypeCacheTests.AdapterReleases, "Koupleless.Adapters")
                .WithSource("/Start.cs", """
                    class Start
                    {
                        void Run()
                        {
                            Koupleless.Adapters.FrameworkCaches.ReleaseTypeDescriptorOnUnload(typeof(Start).Assembly);
                            Koupleless.Adapters.NewtonsoftJson.ModuleJson.ReleaseOnUnload(typeof(Start).Assembly);
                        }
                    }
                    """)
                .RunAsync()
            : spec.RunAsync();
    }

    private const string Queries = """
        using System.Collections.Generic;
        using System.Data;
        using System.Linq;
        using Dapper;

        public sealed class Order { public long Id { get; set; } public string Name { get; set; } = ""; }

        class Orders
        {
            IEnumerable<Order> Open(IDbConnection db, string name)
            {
                // The row type and the parameter object's type key Dapper's query cache; the row type gets a type map.
                db.{|KPL3010:Execute("insert into orders (name) values (@name)", new { name })|};
                var rows = db.{|KPL3010:Query<Order>("select * from orders where name = @name", new { name })|};
                using var grid = db.QueryMultiple("select * from orders; select count(*) from orders");
                var first = grid.{|KPL3010:Read<Order>()|}.ToList();

                // Framework types only, and no parameter object: nothing of the module is cached.
                var count = db.ExecuteScalar<int>("select count(*) from orders");
                var names = db.Query<string>("select name from orders");
                return rows.Concat(first).Take(count + names.Count());
            }
        }
        """;

    /// <summary>
    /// Dapper shared by the base keeps a module's row and parameter types in its query cache and type maps (measured by
    /// Koupleless.Adapters.Dapper's load-twice test): the catalog's Dapper lines report them, framework types stay quiet.
    /// </summary>
    [Fact]
    public Task Dapper_queries_over_module_types_are_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Queries)
        .WithPackages(TestReferences.Dapper).RunAsync();

    /// <summary>Koupleless.Adapters.Dapper's release empties what the Dapper lines name; Newtonsoft.Json's release does not.</summary>
    [Fact]
    public async Task The_dapper_adapter_release_releases_the_dapper_lines_only()
    {
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Queries)).WithPackages(TestReferences.Dapper)
            .WithReferencedLibrary(ProcessWideTypeCacheTests.AdapterReleases, "Koupleless.Adapters")
            .WithSource("/Start.cs", "using Koupleless.Adapters.Dapper; class Start { void Run() => ModuleDapper.ReleaseOnUnload(typeof(Start).Assembly); }")
            .RunAsync();
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Queries).WithPackages(TestReferences.Dapper)
            .WithReferencedLibrary(ProcessWideTypeCacheTests.AdapterReleases, "Koupleless.Adapters")
            .WithSource("/Start.cs", "using Koupleless.Adapters.NewtonsoftJson; class Start { void Run() => ModuleJson.ReleaseOnUnload(typeof(Start).Assembly); }")
            .RunAsync();
    }

    /// <summary>A Shared library's Dapper calls cache types that never unload.</summary>
    [Fact]
    public Task Dapper_queries_in_shared_code_are_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Queries))
        .InRole("Shared").WithPackages(TestReferences.Dapper).RunAsync();
}
