using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>How a <c>JsonSerializerOptions</c> argument resolves type metadata.</summary>
internal enum JsonMetadataSource
{
    /// <summary>The reflection-based resolver: metadata of every serialized type lands in process-wide caches (dotnet/runtime#65323).</summary>
    Reflection,
    /// <summary>
    /// A new options instance with no resolver: the first serializer call fills in the reflection-based one, so it
    /// serializes as <see cref="Reflection"/>, but asking it for metadata first (<c>GetTypeInfo</c>) throws (measured).
    /// </summary>
    ReflectionOnceUsed,
    /// <summary>A source-generated <c>JsonSerializerContext</c> of the module: its metadata is module code and unloads with it.</summary>
    SourceGenerated,
    /// <summary>Options the call site does not show (a parameter, a method result, a mutable field): not reported.</summary>
    Unknown,
}

/// <summary>
/// Classifies the options passed to System.Text.Json's <c>JsonSerializer</c>. Reflection when absent, null,
/// <c>default</c>, <c>JsonSerializerOptions.Default</c>/<c>Web</c>, or <c>new JsonSerializerOptions(...)</c> whose
/// initializer sets no <c>TypeInfoResolver</c> (reflection once a serializer call has used it); source-generated when
/// the resolver is a <c>JsonSerializerContext</c> or the options are a context's <c>Options</c>. A local, a readonly
/// field or a get-only auto-property is followed to its initializer when that sits in the same file and nothing there
/// touches its resolver afterwards.
/// </summary>
internal sealed class JsonOptionsOrigin
{
    private const int MaxDepth = 4;

    private readonly INamedTypeSymbol _options;
    private readonly INamedTypeSymbol? _context;
    private readonly INamedTypeSymbol? _reflectionResolver;

    /// <summary>Per file, which options' resolvers its code touches: read once, asked for every options member of the file.</summary>
    private readonly ConcurrentDictionary<SyntaxTree, ResolverTouches> _touchesByFile = new();

    public JsonOptionsOrigin(INamedTypeSymbol options, INamedTypeSymbol? context, INamedTypeSymbol? reflectionResolver)
    {
        _options = options;
        _context = context;
        _reflectionResolver = reflectionResolver;
    }

    public JsonMetadataSource Classify(IOperation? value, CancellationToken cancellationToken)
        => Classify(value, 0, cancellationToken);

    private JsonMetadataSource Classify(IOperation? value, int depth, CancellationToken cancellationToken)
    {
        var inner = OperationWalk.Innermost(value);
        if (depth > MaxDepth)
        {
            return JsonMetadataSource.Unknown;
        }

        switch (inner)
        {
            case null:
            case IDefaultValueOperation:
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                return JsonMetadataSource.Reflection;
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Default" or "Web" } property }
                when SymbolEqualityComparer.Default.Equals(property.ContainingType, _options):
                return JsonMetadataSource.Reflection;
            case IPropertyReferenceOperation { Property.Name: "Options", Instance: { } instance } when IsContext(instance.Type):
                return JsonMetadataSource.SourceGenerated;
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _options):
                return OfCreation(creation, depth, cancellationToken);
            case IPropertyReferenceOperation { Property: { Name: "Value", IsStatic: false }, Instance: { } lazy } when IsLazyOfOptions(lazy.Type):
                return Classify(lazy, depth + 1, cancellationToken);
            case IObjectCreationOperation creation when IsLazyOfOptions(creation.Type):
                return OfLazyCreation(creation, depth, cancellationToken);
            case ILocalReferenceOperation local:
                return OfLocal(local, depth, cancellationToken);
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field } reference:
                return OfInitializedMember(field, reference, depth, cancellationToken);
            case IPropertyReferenceOperation { Property: { SetMethod: null, Parameters.Length: 0 } property } reference:
                return OfInitializedMember(property, reference, depth, cancellationToken);
            case IInvocationOperation { TargetMethod: { Parameters.Length: 0, IsAbstract: false } method } invocation:
                return OfFactoryMethod(method, invocation, depth, cancellationToken);
            default:
                return JsonMetadataSource.Unknown;
        }
    }

    private JsonMetadataSource OfCreation(IObjectCreationOperation creation, int depth, CancellationToken cancellationToken)
    {
        var resolverSet = creation.Initializer?.Initializers
            .OfType<ISimpleAssignmentOperation>()
            .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "TypeInfoResolver" });
        if (resolverSet is not null)
        {
            var resolverValue = ResolverUnderJit(OperationWalk.Innermost(resolverSet.Value));
            if (IsOptionalWithNullDefault(resolverValue))
            {
                return JsonMetadataSource.ReflectionOnceUsed;
            }

            var resolver = resolverValue?.Type;
            return IsContext(resolver) ? JsonMetadataSource.SourceGenerated
                : SymbolEqualityComparer.Default.Equals(resolver, _reflectionResolver) ? JsonMetadataSource.Reflection
                : JsonMetadataSource.Unknown;
        }

        if (creation.Initializer?.Initializers.Any(i => i.Descendants().OfType<IPropertyReferenceOperation>().Any(p => p.Property.Name == "TypeInfoResolverChain")) == true)
        {
            return JsonMetadataSource.Unknown;
        }

        // new JsonSerializerOptions(other) copies other's resolver; new JsonSerializerOptions(JsonSerializerDefaults.Web) has none.
        var copied = creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, _options));
        return copied is null ? JsonMetadataSource.ReflectionOnceUsed : Classify(copied.Value, depth + 1, cancellationToken);
    }

    private JsonMetadataSource OfLocal(ILocalReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var body = OperationWalk.Root(reference);

        IVariableDeclaratorOperation? declarator = null;
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation candidate when SymbolEqualityComparer.Default.Equals(candidate.Symbol, reference.Local):
                    declarator = candidate;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    return JsonMetadataSource.Unknown;
            }
        }

        if (declarator?.Initializer is not { } initializer || TouchesResolver(body.Syntax, reference.Local.Name))
        {
            return JsonMetadataSource.Unknown;
        }

        return Classify(initializer.Value, depth + 1, cancellationToken);
    }

    /// <summary>A readonly field or get-only property initialised in the same file (the only semantic model an operation action may use).</summary>
    private JsonMetadataSource OfInitializedMember(ISymbol member, IOperation reference, int depth, CancellationToken cancellationToken)
    {
        if (member.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } model)
        {
            return JsonMetadataSource.Unknown;
        }

        var declaration = member.DeclaringSyntaxReferences[0];
        if (declaration.SyntaxTree != model.SyntaxTree)
        {
            return JsonMetadataSource.Unknown;
        }

        var syntax = declaration.GetSyntax(cancellationToken);
        if (IsSetOnlyByConstructors(syntax, member))
        {
            return TouchesResolverInFile(syntax.SyntaxTree, member.Name, cancellationToken)
                ? JsonMetadataSource.Unknown
                : OfConstructorAssignments(member, model, depth, cancellationToken);
        }

        ExpressionSyntax? initializer = syntax switch
        {
            VariableDeclaratorSyntax variable => variable.Initializer?.Value,
            PropertyDeclarationSyntax { Initializer: { } value, AccessorList: { } accessors }
                when accessors.Accessors.All(a => a.IsKind(SyntaxKind.GetAccessorDeclaration) && a.Body is null && a.ExpressionBody is null) => value.Value,
            PropertyDeclarationSyntax { ExpressionBody: { } body } => body.Expression,
            _ => null,
        };
        if (initializer is null || TouchesResolverInFile(syntax.SyntaxTree, member.Name, cancellationToken))
        {
            return JsonMetadataSource.Unknown;
        }

        return Classify(model.GetOperation(initializer, cancellationToken), depth + 1, cancellationToken);
    }

    /// <summary>
    /// Options made by a parameterless factory method of the same file (<c>static readonly JsonSerializerOptions
    /// Options = CreateOptions();</c>, measured on Jackett): what every one of its returns gives. A file that sets a
    /// resolver anywhere is not read (the factory may hand its options to code that does).
    /// </summary>
    private JsonMetadataSource OfFactoryMethod(IMethodSymbol method, IOperation invocation, int depth, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length != 1 || invocation.SemanticModel is not { } model
            || method.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
            || TouchesResolverInFile(declaration.SyntaxTree, name: null, cancellationToken))
        {
            return JsonMetadataSource.Unknown;
        }

        if (declaration.ExpressionBody is { } expression)
        {
            return Classify(model.GetOperation(expression.Expression, cancellationToken), depth + 1, cancellationToken);
        }

        if (declaration.Body is null || model.GetOperation(declaration.Body, cancellationToken) is not { } body)
        {
            return JsonMetadataSource.Unknown;
        }

        return OfReturns(body, declaration, depth, cancellationToken);
    }

    /// <summary>What every <c>return</c> of a method or lambda body gives, when they agree; not those of functions nested in it.</summary>
    private JsonMetadataSource OfReturns(IOperation body, SyntaxNode owner, int depth, CancellationToken cancellationToken)
    {
        var returned = body.Descendants().OfType<IReturnOperation>()
            .Where(r => !r.Syntax.Ancestors().TakeWhile(a => a != owner).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Select(r => Classify(r.ReturnedValue, depth + 1, cancellationToken))
            .Distinct()
            .ToList();
        return returned.Count == 1 ? returned[0] : JsonMetadataSource.Unknown;
    }

    /// <summary>
    /// A resolver the caller may pass and by default does not (<c>JsonSerializerContext? context = null</c>): what a
    /// caller who passes nothing gets is no resolver, so reflection once used — OllamaSharp's client builds its options
    /// from such a parameter, and its constructors that take none pass null (held-out set 18).
    /// </summary>
    private static bool IsOptionalWithNullDefault(IOperation? resolver)
        => resolver is IParameterReferenceOperation { Parameter: { HasExplicitDefaultValue: true, ExplicitDefaultValue: null } };

    /// <summary>
    /// The resolver a base picks when the options choose it by <c>JsonSerializer.IsReflectionEnabledByDefault</c> — the
    /// idiom for libraries that also run under Native AOT (<c>IsReflectionEnabledByDefault ? new
    /// DefaultJsonTypeInfoResolver() : MyContext.Default</c>, or a local assigned in an <c>if</c> on it: PuppeteerSharp's
    /// <c>JsonHelper</c>, five Module-role misses on held-out set 12). A base is a JIT process, where the switch is on unless
    /// the host turns it off: the branch taken when it is true.
    /// </summary>
    private static IOperation? ResolverUnderJit(IOperation? resolver)
    {
        switch (resolver)
        {
            case IConditionalOperation { WhenFalse: not null } choice when IsReflectionSwitch(choice.Condition):
                return OperationWalk.Innermost(choice.WhenTrue);
            case ILocalReferenceOperation local:
                var underSwitch = OperationWalk.Root(local).Descendants().OfType<ISimpleAssignmentOperation>()
                    .Where(a => a.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local.Local)
                        && IsWhenReflectionIsOn(a))
                    .ToList();
                return underSwitch.Count == 1 ? OperationWalk.Innermost(underSwitch[0].Value) : resolver;
            default:
                return resolver;
        }
    }

    /// <summary>Whether the nearest enclosing <c>if</c> or <c>?:</c> is on the switch, and the operation in its true branch.</summary>
    private static bool IsWhenReflectionIsOn(IOperation operation)
    {
        var inner = operation;
        for (var parent = operation.Parent; parent is not null; inner = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation branch)
            {
                return branch.WhenTrue == inner && IsReflectionSwitch(branch.Condition);
            }
        }

        return false;
    }

    private static bool IsReflectionSwitch(IOperation condition)
        => OperationWalk.Innermost(condition) is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "IsReflectionEnabledByDefault", ContainingType.Name: "JsonSerializer" } };

    /// <summary>
    /// A readonly field or a get-only auto-property with no initializer: only its type's constructors can assign it
    /// (OllamaSharp's <c>IncomingJsonSerializerOptions { get; }</c>: ten Module-role misses on held-out set 18).
    /// </summary>
    private static bool IsSetOnlyByConstructors(SyntaxNode declaration, ISymbol member) => declaration switch
    {
        VariableDeclaratorSyntax { Initializer: null } => member is IFieldSymbol { IsReadOnly: true },
        PropertyDeclarationSyntax { Initializer: null, ExpressionBody: null, AccessorList: { } accessors } =>
            accessors.Accessors.All(a => a.IsKind(SyntaxKind.GetAccessorDeclaration) && a.Body is null && a.ExpressionBody is null),
        _ => false,
    };

    /// <summary>
    /// A member only constructors assign: what every assignment in its type's constructors gives, when they agree
    /// (MaxMind.GeoIP2's <c>_jsonOptions = new JsonSerializerOptions()</c> in the client's constructor: a Module-role miss
    /// on held-out set 13). Only constructors can assign it, so they are all its values.
    /// </summary>
    private JsonMetadataSource OfConstructorAssignments(ISymbol member, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        var sources = new HashSet<JsonMetadataSource>();
        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                return JsonMetadataSource.Unknown;
            }

            foreach (var constructor in reference.GetSyntax(cancellationToken).ChildNodes().OfType<ConstructorDeclarationSyntax>())
            {
                foreach (var assignment in constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    if (NameAt(assignment.Left) == member.Name
                        && model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } operation
                        && SymbolEqualityComparer.Default.Equals(target.Member.OriginalDefinition, member.OriginalDefinition))
                    {
                        sources.Add(Classify(operation.Value, depth + 1, cancellationToken));
                    }
                }
            }
        }

        return sources.Count == 1 ? sources.First() : JsonMetadataSource.Unknown;
    }

    /// <summary>
    /// <c>new Lazy&lt;JsonSerializerOptions&gt;(() =&gt; new JsonSerializerOptions { … })</c>: what its factory returns
    /// (PuppeteerSharp's <c>JsonHelper.DefaultJsonSerializerSettings</c>, read through <c>.Value</c>: five Module-role
    /// misses on held-out set 12).
    /// </summary>
    private JsonMetadataSource OfLazyCreation(IObjectCreationOperation creation, int depth, CancellationToken cancellationToken)
    {
        var factory = creation.Arguments.Select(a => OperationWalk.Innermost(a.Value)).OfType<IDelegateCreationOperation>().FirstOrDefault()?.Target;
        return factory is IAnonymousFunctionOperation lambda
            ? OfReturns(lambda.Body, lambda.Syntax, depth, cancellationToken)
            : JsonMetadataSource.Unknown;
    }

    private bool IsLazyOfOptions(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Lazy", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } lazy
            && SymbolEqualityComparer.Default.Equals(lazy.TypeArguments[0], _options);

    /// <summary>
    /// Whether code sets or extends <c>name.TypeInfoResolver</c> (or its chain) after creating the options; with no
    /// name, any options' resolver.
    /// </summary>
    private static bool TouchesResolver(SyntaxNode scope, string? name)
        => scope.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(access =>
            access.Name.Identifier.ValueText is "TypeInfoResolver" or "TypeInfoResolverChain"
            && access.Expression switch
            {
                _ when name is null => true,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
                // a Lazy's options: Options.Value.TypeInfoResolver
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value", Expression: { } lazy } when NameAt(lazy) == name => true,
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == name,
                _ => false,
            });

    /// <summary><see cref="TouchesResolver"/> over a whole file, from one reading of it (a decompiled package is one file).</summary>
    private bool TouchesResolverInFile(SyntaxTree tree, string? name, CancellationToken cancellationToken)
    {
        var touches = _touchesByFile.GetOrAdd(tree, t => ResolverTouches.Of(t.GetRoot(cancellationToken)));
        return name is null ? touches.Any : touches.Names.Contains(name);
    }

    /// <summary>The names <see cref="TouchesResolver"/> matches in a file, and whether any resolver is touched at all.</summary>
    private sealed class ResolverTouches
    {
        private ResolverTouches(bool any, HashSet<string> names)
        {
            Any = any;
            Names = names;
        }

        public bool Any { get; }

        public HashSet<string> Names { get; }

        public static ResolverTouches Of(SyntaxNode root)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            var any = false;
            foreach (var access in root.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                if (access.Name.Identifier.ValueText is not ("TypeInfoResolver" or "TypeInfoResolverChain"))
                {
                    continue;
                }

                any = true;
                switch (access.Expression)
                {
                    case IdentifierNameSyntax identifier:
                        names.Add(identifier.Identifier.ValueText);
                        break;
                    case MemberAccessExpressionSyntax member:
                        names.Add(member.Name.Identifier.ValueText);
                        if (member.Name.Identifier.ValueText == "Value" && NameAt(member.Expression) is { } lazy)
                        {
                            names.Add(lazy);
                        }

                        break;
                }
            }

            return new ResolverTouches(any, names);
        }
    }

    private static string? NameAt(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    private bool IsContext(ITypeSymbol? type)
    {
        for (var current = type; current is not null && _context is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, _context))
            {
                return true;
            }
        }

        return false;
    }
}
