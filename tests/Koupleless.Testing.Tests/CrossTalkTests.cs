using System;
using Koupleless.Testing.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Testing.Tests;

/// <summary>What one copy changes process-wide is reported with the copy that changed it and the copies that ran with it.</summary>
[Collection(ModuleLoadingCollection.Name)]
public sealed class CrossTalkTests
{
    private const string Variable = "KOUPLELESS_CROSSTALK_SAMPLE";

    [Fact]
    public void A_value_copy_1_sets_and_copy_2_reads_names_both()
    {
        var module = TestModule.Build($$"""
            namespace Module;
            public static class Entry
            {
                public static string? Seen;
                public static void Run()
                {
                    Seen = System.Environment.GetEnvironmentVariable("{{Variable}}");
                    System.Environment.SetEnvironmentVariable("{{Variable}}", "set by a copy");
                }
            }
            """);
        try
        {
            using var copies = ModuleCopies.Load(module);
            copies.RunEach("Module.Entry.Run");

            var change = Assert.Single(copies.CrossTalk.Changes, c => c.State == "environment variable " + Variable);
            Assert.EndsWith("#1", change.ChangedBy);
            Assert.EndsWith("#2", Assert.Single(change.SeenBy));
            Assert.Equal("KPL1003", change.RuleId);
            Assert.Equal($"{change.ChangedBy} changed environment variable {Variable}: '(unset)' → 'set by a copy'; {change.SeenBy[0]} ran with the value {change.ChangedBy} set", change.Summary);
            var failure = Assert.Throws<CrossTalkException>(copies.AssertNoCrossTalk);
            Assert.Contains(change.Summary, failure.Message);
            copies.UnloadAndAssertCollected();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public void A_copy_that_changes_nothing_process_wide_passes()
    {
        using var copies = ModuleCopies.Load(TestModule.Build("""
            namespace Module;
            public static class Entry
            {
                private static int _calls;
                public static void Run() => _calls++;
            }
            """));
        copies.RunEach("Module.Entry.Run");
        copies.AssertNoCrossTalk();
        copies.UnloadAndAssertCollected();
    }
}
