using System;
using Koupleless.Analyzers.Adapters;
using Xunit;

namespace Koupleless.Analyzers.Tests.Catalog;

/// <summary>The adapter table's NuGet ranges, answered for referenced assembly versions (KPL9003).</summary>
public sealed class AssemblyVersionRangeTests
{
    [Theory]
    [InlineData("[6.0,)", "13.0.0.0", true)]
    [InlineData("[6.0,)", "6.0.0.0", true)]
    [InlineData("[6.0,)", "5.9.9.9", false)]
    [InlineData("(6.0,)", "6.0.0.0", false)]
    [InlineData("(,9.0)", "8.0.0.0", true)]
    [InlineData("(,9.0)", "9.0.0.0", false)]
    [InlineData("(,9.0]", "9.0.0.0", true)]
    [InlineData("[1.0,2.0)", "1.5.0.0", true)]
    [InlineData("[1.0,2.0)", "2.0.0.0", false)]
    [InlineData("[2.5.1]", "2.5.1.0", true)]
    [InlineData("[2.5.1]", "2.5.2.0", false)]
    [InlineData("[1.0.0-beta,)", "1.0.0.0", true)]
    [InlineData("*", "0.0.0.0", true)]
    public void Answers_like_NuGet_for_assembly_versions(string range, string version, bool expected)
    {
        Assert.True(AssemblyVersionRange.TryParse(range, out var parsed));
        Assert.Equal(expected, parsed.Satisfies(Version.Parse(version)));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("[1.0")]
    [InlineData("[,]")]
    [InlineData("(2.5.1)")]
    [InlineData("[a.b,)")]
    [InlineData("[1.2.3.4.5,)")]
    public void Rejects_what_is_not_a_range(string text) => Assert.False(AssemblyVersionRange.TryParse(text, out _));
}
