using System;
using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Catalog;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>
/// The APIs outside a package whose use makes a type worth decompiling with its bodies: every type a hazard catalog
/// names, and the framework types the analyzers' code-defined rules look at (name-based loading, assembly lists,
/// timers, threads, handles, listeners, runtime callbacks, process-wide caches, execution context). This list decides
/// no verdict: it only selects work, and it over-approximates by type (any member of a listed type selects). A rule
/// that starts looking at an API of a new type adds the type here; the oracle test (full decompilation against the
/// selection on real packages) fails until it does.
/// </summary>
internal sealed class SelectionTriggers
{
    /// <summary>Framework types any of whose members the analyzers' code-defined rules look at.</summary>
    private static readonly string[] RuleTypes =
    {
        // Context switching (KPL2001-KPL2007): loading and listing assemblies, the host's view, lost execution context.
        "System.AppDomain", "System.Activator", "System.Runtime.Loader.AssemblyLoadContext", "System.AppContext",
        "System.Threading.ExecutionContext", "System.Threading.ThreadPool", "System.Threading.Tasks.TaskFactory",
        "System.Threading.Tasks.TaskFactory`1", "Microsoft.Extensions.DependencyModel.DependencyContext",
        // Unreleased resources (KPL3001-KPL3006): timers, threads, handles, listeners, host tokens.
        "System.Threading.Timer", "System.Timers.Timer", "System.Threading.PeriodicTimer", "System.Threading.Thread",
        "System.Threading.RegisteredWaitHandle", "System.Runtime.InteropServices.GCHandle",
        "System.Runtime.InteropServices.GCHandle`1", "System.Runtime.InteropServices.PinnedGCHandle`1",
        "Microsoft.Extensions.Hosting.IHostApplicationLifetime",
        // Process-wide caches keyed by callers' types (KPL3010) and Newtonsoft's name binding (KPL2006).
        "System.ComponentModel.TypeDescriptor", "System.ComponentModel.DataAnnotations.Validator",
        "System.Text.Json.JsonSerializer", "System.Net.Http.Json.JsonContent", "System.Net.Http.Json.HttpContentJsonExtensions",
        "System.Net.Http.Json.HttpClientJsonExtensions", "Newtonsoft.Json.JsonConvert", "Newtonsoft.Json.JsonSerializer",
        "Newtonsoft.Json.JsonSerializerSettings",
    };

    /// <summary>Members of types too common to select on the type alone ("Type::Member", metadata member names).</summary>
    private static readonly string[] RuleMembers =
    {
        "System.Type::GetType", "System.Type::ReflectionOnlyGetType", "System.Type::GetTypeFromProgID", "System.Type::GetTypeFromCLSID",
        "System.Reflection.Assembly::Load", "System.Reflection.Assembly::LoadFrom", "System.Reflection.Assembly::LoadFile",
        "System.Reflection.Assembly::UnsafeLoadFrom", "System.Reflection.Assembly::LoadWithPartialName",
        "System.Reflection.Assembly::ReflectionOnlyLoad", "System.Reflection.Assembly::ReflectionOnlyLoadFrom",
        "System.Reflection.Assembly::GetEntryAssembly", "System.Reflection.Assembly::GetCallingAssembly",
        "System.Reflection.Assembly::get_Location", "System.Reflection.Assembly::get_CodeBase", "System.Reflection.Assembly::get_EscapedCodeBase",
        "System.Threading.Tasks.Task::get_Factory", "System.Threading.Tasks.Task::.ctor", "System.Threading.Tasks.Task`1::.ctor",
        "System.Threading.CancellationToken::Register", "System.Threading.CancellationToken::UnsafeRegister",
        "System.Environment::get_CurrentDirectory",
        // Non-collectible dynamic assemblies (KPL2007; AppDomain's overloads are covered by its type above).
        "System.Reflection.Emit.AssemblyBuilder::DefineDynamicAssembly",
    };

    private readonly HashSet<string> _types;
    private readonly HashSet<string> _members;

    private SelectionTriggers(HashSet<string> types, HashSet<string> members)
    {
        _types = types;
        _members = members;
    }

    /// <summary>The rule types and members above plus the member of every catalog line (embedded and extra catalogs).</summary>
    public static SelectionTriggers From(IEnumerable<ParsedCatalog> catalogs)
    {
        var types = new HashSet<string>(RuleTypes, StringComparer.Ordinal);
        var members = new HashSet<string>(RuleMembers, StringComparer.Ordinal);
        foreach (var entry in catalogs.SelectMany(c => c.Entries))
        {
            var (type, member) = Split(entry.SymbolId);
            if (type is null)
            {
                continue;
            }

            if (member is null)
            {
                types.Add(type);
                continue;
            }

            // A property or event line covers its accessors; a method line its name (any overload: this only selects).
            foreach (var name in new[] { member, "get_" + member, "set_" + member, "add_" + member, "remove_" + member })
            {
                members.Add(type + "::" + name);
            }
        }

        return new SelectionTriggers(types, members);
    }

    /// <summary>
    /// A use of <paramref name="memberName"/> (as metadata spells it: "set_DefaultSettings", ".ctor") of
    /// <paramref name="typeName"/> (as <see cref="DocIdTypeNames"/> writes it, arity kept) makes the using type worth judging.
    /// </summary>
    public bool Selects(string typeName, string memberName)
        => _types.Contains(typeName) || _members.Contains(typeName + "::" + memberName)
            // Any static event of another library may be process-wide (KPL3003): every subscription is looked at.
            || memberName.StartsWith("add_", StringComparison.Ordinal);

    /// <summary>"T:A.B" → (A.B, null); "M:A.B.C(System.Int32)" → (A.B, C); "M:A.B.#ctor" → (A.B, .ctor).</summary>
    internal static (string? Type, string? Member) Split(string documentationId)
    {
        if (documentationId.Length < 3 || documentationId[1] != ':')
        {
            return (null, null);
        }

        var body = documentationId[2..];
        if (documentationId[0] == 'T')
        {
            return (body, null);
        }

        var paren = body.IndexOf('(');
        var name = paren < 0 ? body : body[..paren];
        var generic = name.IndexOf("``", StringComparison.Ordinal);
        if (generic > 0)
        {
            name = name[..generic];
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 ? (name[..dot], name[(dot + 1)..].Replace('#', '.')) : (null, null);
    }
}
