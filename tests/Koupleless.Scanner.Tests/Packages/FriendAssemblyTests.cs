using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Packages.Decompiled;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// Strong-named packages that use a sibling's internals through InternalsVisibleTo (Roslyn's own: Microsoft.CodeAnalysis.CSharp
/// on Microsoft.CodeAnalysis; measured 49,143 compile errors in its decompiled code before this) must bind those uses:
/// the decompiled code is compiled under the original's public key.
/// </summary>
public sealed class FriendAssemblyTests
{
    /// <summary>Any real strong-name public key will do; the test never signs with it.</summary>
    private static readonly byte[] PublicKey = typeof(Compilation).Assembly.GetName().GetPublicKey()!;

    [Fact]
    public async Task Internals_a_friend_opens_to_the_package_assembly_bind_and_their_hazards_are_found()
    {
        var keyHex = string.Concat(PublicKey.Select(b => b.ToString("x2")));
        var friend = Emit("Friend", $$"""
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("User, PublicKey={{keyHex}}")]
            namespace Friend { internal static class Registry { internal static System.Collections.Generic.List<System.Type> Types = new System.Collections.Generic.List<System.Type>(); } }
            """, Array.Empty<MetadataReference>(), publicKey: null);
        var user = Emit("User", """
            namespace User
            {
                public static class Api
                {
                    public static string? Mode;
                    public static int Count() => Friend.Registry.Types.Count;
                    public static void Set(string mode) => Mode = mode;
                }
            }
            """, new[] { MetadataReference.CreateFromImage(friend) }, PublicKey);

        var assemblies = new[]
        {
            PackageAssembly.TryRead("Friend@1.0.0", "lib/net8.0/Friend.dll", friend, out _)!,
            PackageAssembly.TryRead("User@1.0.0", "lib/net8.0/User.dll", user, out _)!,
        };
        var references = new ReferenceAssemblies(assemblies);
        var code = AssemblyDecompiler.Decompile(assemblies[1], references.DecompilerResolver(), DecompileScope.Whole, CancellationToken.None);
        Assert.Contains("Registry.Types.Count", code.Bodies, StringComparison.Ordinal);

        var result = await DecompiledAnalysis.AnalyzeAsync(assemblies[1], code, references.For(assemblies[1]), AnalyzerSet.Discover(), ImmutableArray<AdditionalText>.Empty, moduleHost: null, CancellationToken.None);

        Assert.Equal(0, result.CompileErrors);
        Assert.Contains(result.Findings, f => f.RuleId == "KPL1001" && f.Member == "Mode");
    }

    private static byte[] Emit(string name, string source, MetadataReference[] extra, byte[]? publicKey)
    {
        // The reference pack the scanner binds decompiled code against, so both sides name the same framework assemblies.
        var references = FrameworkReferencePack.Assemblies.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).Concat(extra);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (publicKey is not null)
        {
            options = options.WithCryptoPublicKey(ImmutableArray.Create(publicKey)).WithPublicSign(true);
        }

        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) }, references, options);
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return stream.ToArray();
    }
}
