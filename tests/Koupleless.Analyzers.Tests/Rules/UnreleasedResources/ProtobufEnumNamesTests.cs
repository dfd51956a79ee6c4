using System.Linq;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 through Google.Protobuf's JsonFormatter: formatting a message that reaches one of the module's proto enums
/// keeps the enum in the formatter's static enum-name table (held-out sets 17 and 21: OnnxSharp's and Temporalio's
/// generated <c>ToString()</c>s). Messages that reach no proto enum, a oneof's case enum and framework messages put nothing there.
/// </summary>
public sealed class ProtobufEnumNamesTests
{
    private const string Messages = """
        using Google.Protobuf;
        using Google.Protobuf.Collections;
        using Google.Protobuf.Reflection;

        public enum Status
        {
            [OriginalName("STATUS_UNSPECIFIED")] Unspecified = 0,
            [OriginalName("STATUS_RUNNING")] Running = 1,
        }

        public sealed class Task
        {
            public enum KindOneofCase { None = 0, Name = 1 }
            public string Name { get; set; } = "";
            public Status Status { get; set; }
            public KindOneofCase KindCase => KindOneofCase.None;
            public override string ToString() => JsonFormatter.{|#0:ToDiagnosticString((IMessage)(object)this)|};
        }

        public sealed class Batch
        {
            public RepeatedField<Task> Tasks { get; } = new RepeatedField<Task>();
            public override string ToString() => JsonFormatter.{|#1:ToDiagnosticString((IMessage)(object)this)|};
        }

        public sealed class Ping
        {
            public enum PayloadOneofCase { None = 0, Text = 1 }
            public string Text { get; set; } = "";
            public PayloadOneofCase PayloadCase => PayloadOneofCase.None;
            public MapField<string, string> Labels { get; } = new MapField<string, string>();
            public override string ToString() => JsonFormatter.ToDiagnosticString((IMessage)(object)this);
        }

        public static class Export
        {
            public static string Write(Batch batch, Ping ping, IMessage any)
                => JsonFormatter.Default.{|#2:Format((IMessage)(object)batch)|} + JsonFormatter.Default.Format((IMessage)(object)ping)
                    + JsonFormatter.Default.Format(any);
        }
        """;

    [Fact]
    public Task Formatting_a_message_that_reaches_a_module_proto_enum_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Messages)
        .WithReferences(TestReferences.GoogleProtobuf.ToArray())
        .Expect(
            AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0).WithArguments(
                "JsonFormatter.ToDiagnosticString", "Status", ProtobufEnumNames.Description, ProtobufEnumNames.Remedy),
            AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(1).WithArguments(
                "JsonFormatter.ToDiagnosticString", "Status", ProtobufEnumNames.Description, ProtobufEnumNames.Remedy),
            AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(2).WithArguments(
                "JsonFormatter.Format", "Status", ProtobufEnumNames.Description, ProtobufEnumNames.Remedy))
        .RunAsync();

    private const string GeneratedMessages = """
        using System.CodeDom.Compiler;
        using Google.Protobuf;
        using Google.Protobuf.Reflection;

        public enum Status { [OriginalName("STATUS_UNSPECIFIED")] Unspecified = 0, [OriginalName("STATUS_RUNNING")] Running = 1 }
        public enum Color { [OriginalName("COLOR_UNSPECIFIED")] Unspecified = 0, [OriginalName("COLOR_RED")] Red = 1 }
        public enum Pattern { [OriginalName("PATTERN_UNSPECIFIED")] Unspecified = 0, [OriginalName("PATTERN_PARENT")] Parent = 1 }

        internal sealed class Envelope
        {
            public Pattern Pattern { get; set; }
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.ToDiagnosticString((IMessage)(object)this);
        }

        public enum Phase { [OriginalName("PHASE_UNSPECIFIED")] Unspecified = 0, [OriginalName("PHASE_DONE")] Done = 1 }

        internal sealed class Completion
        {
            public Phase Phase { get; set; }
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.{|#2:ToDiagnosticString((IMessage)(object)this)|};
        }

        internal static class Worker
        {
            public static string Describe(Completion completion) => "Sending " + completion;
            public static Envelope Parse(byte[] data) => data.Length > 0 ? new Envelope() : throw new System.InvalidOperationException($"unexpected {new Envelope()}");
        }

        internal sealed class Activation
        {
            public Status Status { get; set; }
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.ToDiagnosticString((IMessage)(object)this);
        }

        public sealed class Job
        {
            public Status Status { get; set; }
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.{|#0:ToDiagnosticString((IMessage)(object)this)|};
        }

        public sealed class JobList
        {
            public Google.Protobuf.Collections.RepeatedField<Job> Jobs { get; } = new();
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.ToDiagnosticString((IMessage)(object)this);
        }

        public sealed class Paint
        {
            public Color Color { get; set; }
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.{|#1:ToDiagnosticString((IMessage)(object)this)|};
        }

        public sealed class Order
        {
            public Job Job { get; set; } = new();
            public Paint Paint { get; set; } = new();
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.ToDiagnosticString((IMessage)(object)this);
        }

        public sealed class Empty
        {
            [GeneratedCode("protoc", null)]
            public override string ToString() => JsonFormatter.ToDiagnosticString((IMessage)(object)this);
        }
        """;

    /// <summary>
    /// Generated messages are reported once per enum, at the first call in source order of a public message (an internal
    /// one, first here, is formatted by nothing, and one only formatted into an exception's message is formatted only when
    /// something went wrong: an enum only such internal messages reach, Pattern here, is not reported,
    /// as Akka.Remote's wire envelopes were measured noise) or of an internal one the library's own code formats
    /// (Completion, as Temporalio's worker logs its activations: measured right), with the number of the others (a message
    /// reaching two enums counts for both);
    /// the call-site rule leaves generated code alone, so nothing is reported twice.
    /// </summary>
    [Fact]
    public async Task Generated_messages_are_reported_once_per_module_proto_enum()
    {
        await AnalyzerSpec<GeneratedProtobufMessagesAnalyzer>.For(GeneratedMessages)
            .WithReferences(TestReferences.GoogleProtobuf.ToArray())
            .Expect(
                AnalyzerSpec<GeneratedProtobufMessagesAnalyzer>.Diagnostic("KPL3010").WithLocation(0).WithArguments(
                    "Job.ToString", 3, "Status", ProtobufEnumNames.Remedy),
                AnalyzerSpec<GeneratedProtobufMessagesAnalyzer>.Diagnostic("KPL3010").WithLocation(1).WithArguments(
                    "Paint.ToString", 1, "Color", ProtobufEnumNames.Remedy),
                AnalyzerSpec<GeneratedProtobufMessagesAnalyzer>.Diagnostic("KPL3010").WithLocation(2).WithArguments(
                    "Completion.ToString", 0, "Phase", ProtobufEnumNames.Remedy))
            .RunAsync();
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(GeneratedMessages))
            .WithReferences(TestReferences.GoogleProtobuf.ToArray()).RunAsync();
    }

    /// <summary>
    /// Google.Protobuf judged as a module's own copy (its package in the Module role): the formatter's table is the module's
    /// too and unloads with it (Google.Protobuf's own descriptor messages, reported on held-out set 5 by a first version).
    /// </summary>
    [Fact]
    public async Task The_module_s_own_copy_of_the_formatter_keeps_nothing_process_wide()
    {
        const string OwnCopy = """
            using System.CodeDom.Compiler;

            namespace Google.Protobuf
            {
                public interface IMessage { }
                public sealed class JsonFormatter
                {
                    public static JsonFormatter Default { get; } = new JsonFormatter();
                    public static string ToDiagnosticString(IMessage message) => "";
                    public string Format(IMessage message) => "";
                }
            }

            namespace Google.Protobuf.Reflection
            {
                [System.AttributeUsage(System.AttributeTargets.Field)]
                public sealed class OriginalNameAttribute : System.Attribute { public OriginalNameAttribute(string name) { } }

                public enum Syntax { [OriginalName("SYNTAX_PROTO2")] Proto2 = 0, [OriginalName("SYNTAX_PROTO3")] Proto3 = 1 }

                public sealed class FileDescriptorProto : IMessage
                {
                    public Syntax Syntax { get; set; }
                    [GeneratedCode("protoc", null)]
                    public override string ToString() => JsonFormatter.ToDiagnosticString(this);
                    public string Json() => JsonFormatter.Default.Format(this);
                }
            }
            """;
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(OwnCopy).RunAsync();
        await AnalyzerSpec<GeneratedProtobufMessagesAnalyzer>.For(OwnCopy).RunAsync();
    }

    /// <summary>In shared code the messages are the base's: they never unload, so nothing is kept that should go.</summary>
    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public async Task Shared_and_base_messages_are_not_reported(string role)
    {
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Messages))
            .WithReferences(TestReferences.GoogleProtobuf.ToArray()).InRole(role).RunAsync();
        await AnalyzerSpec<GeneratedProtobufMessagesAnalyzer>.For(Markup.Strip(GeneratedMessages))
            .WithReferences(TestReferences.GoogleProtobuf.ToArray()).InRole(role).RunAsync();
    }
}
