using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// A static default instance its own type refuses to change: the member that would store into it first throws when it
/// is that instance. Two shapes, each with evidence that the guard holds for this very instance (measured on released
/// packages, docs/rules/KPL1001.md):
/// <list type="bullet">
/// <item>the guard names the storage: <c>if (this == Default) throw …</c> (MimeKit's <c>FormatOptions</c>);</item>
/// <item>the guard reads a flag of the instance, directly or through a guard method of the same type
/// (<c>CheckReadOnly()</c>), and the instance gets that flag where it is made: created with it
/// (<c>All = new HeaderSet { IsReadOnly = true }</c>: MailKit), by the constructor it is created with
/// (<c>True = new JsonSchemaBuilder(true)</c>, whose constructor sets <c>_readOnly = true</c>: JsonSchema.Net) or frozen by
/// its static constructor through a method that sets it (<c>defaultOptions.MakeReadOnly()</c>,
/// <c>CompleteCharSet.SetReadonly(true)</c>: ANTLR).</item>
/// </list>
/// A guard that only checks the new value (<c>if (value &lt; 0) throw</c>) is not a freeze, and an instance frozen
/// later (after first use) has no flag set where it is made: both stay reported. A store in an <c>init</c> accessor
/// never reaches an instance that already exists either. Syntax within the types involved, and the semantic model only to
/// tell which constructor a creation calls.
/// </summary>
internal static class FrozenInstances
{
    /// <summary>Whether the member that makes the store at <paramref name="site"/> throws before it when its object is <paramref name="storage"/>.</summary>
    public static bool RefusesChange(ISymbol storage, Location site, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!storage.IsStatic || !site.IsInSource)
        {
            return false;
        }

        var node = site.SourceTree!.GetRoot(cancellationToken).FindNode(site.SourceSpan, getInnermostNodeForTie: true);
        if (IsInitOfHeldObject(storage, node))
        {
            return true;
        }

        var body = node.AncestorsAndSelf().Select(BodyOf).FirstOrDefault(b => b is not null);
        var type = body?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (body is null || type is null || GuardCondition(body, type) is not { } condition)
        {
            return false;
        }

        return NamesStorage(condition, storage)
            || (FlagNames(condition, type) is { Count: > 0 } flag && IsFrozenWhereMade(storage, flag, type, compilation, cancellationToken));
    }

    /// <summary>
    /// A store inside an <c>init</c> accessor of the type of the object the static holds: it runs only while an object is
    /// created (<c>new T { X = … }</c>, <c>with</c>), never on the instance a static already holds (Tomlyn's
    /// <c>TomlSerializerOptions.Default</c>, a record with init-only properties: measured wrong on the released package).
    /// An init accessor that writes a static of another type (<c>init =&gt; s_registry.Add(value)</c>) still counts.
    /// </summary>
    private static bool IsInitOfHeldObject(ISymbol storage, SyntaxNode store)
    {
        if (store.FirstAncestorOrSelf<AccessorDeclarationSyntax>() is not { } accessor
            || !accessor.IsKind(SyntaxKind.InitAccessorDeclaration)
            || accessor.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaring)
        {
            return false;
        }

        var held = storage switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        for (var type = held; type is not null; type = type.BaseType)
        {
            if (type.Name == declaring.Identifier.ValueText)
            {
                return true;
            }
        }

        return false;
    }

    private static BlockSyntax? BodyOf(SyntaxNode node) => node switch
    {
        AccessorDeclarationSyntax accessor => accessor.Body,
        MethodDeclarationSyntax method => method.Body,
        _ => null,
    };

    /// <summary>
    /// The condition of the body's first statement when it is <c>if (c) throw …</c> or <c>Verify.Operation(!c, …)</c>, or of
    /// the same in the parameterless guard method of this type it calls first (<c>CheckReadOnly();</c>). Copies of the arguments before it
    /// (<c>bool flag = value;</c>, as decompilers write setters) are skipped.
    /// </summary>
    private static ExpressionSyntax? GuardCondition(BlockSyntax body, TypeDeclarationSyntax type)
    {
        switch (FirstAction(body))
        {
            case IfStatementSyntax { Else: null } guard when Throws(guard.Statement):
                return guard.Condition;
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } check }
                when IsVerifyOperation(check) && arguments[0].Expression is PrefixUnaryExpressionSyntax negated && negated.IsKind(SyntaxKind.LogicalNotExpression):
                return negated.Operand;
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call }:
                var name = NameOf(call.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access ? access.Name : call.Expression);
                return type.Members.OfType<MethodDeclarationSyntax>()
                    .Where(m => m.Identifier.ValueText == name && m.ParameterList.Parameters.Count == 0 && !m.Modifiers.Any(SyntaxKind.StaticKeyword))
                    .Select(m => m.Body is { } guardBody ? FirstAction(guardBody) : null)
                    .OfType<IfStatementSyntax>()
                    .Where(inner => inner.Else is null && Throws(inner.Statement))
                    .Select(inner => inner.Condition)
                    .FirstOrDefault();
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>Verify.Operation(condition, message)</c> of Microsoft.VisualStudio.Validation, which Microsoft's libraries use as
    /// their guard: documented to throw InvalidOperationException when the condition is false, so
    /// <c>Verify.Operation(!IsFrozen, …)</c> throws when <c>IsFrozen</c> (StreamJsonRpc's <c>JsonRpcProxyOptions</c>: measured
    /// wrong on held-out set 8).
    /// </summary>
    private static bool IsVerifyOperation(InvocationExpressionSyntax call)
        => call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Operation", Expression: var owner } && NameOf(owner) == "Verify";

    private static StatementSyntax? FirstAction(BlockSyntax body)
        => body.Statements.FirstOrDefault(s => s is not LocalDeclarationStatementSyntax { Declaration.Variables: var variables }
            || !variables.All(v => v.Initializer?.Value is IdentifierNameSyntax or LiteralExpressionSyntax));

    private static bool Throws(StatementSyntax statement) => statement switch
    {
        ThrowStatementSyntax => true,
        BlockSyntax { Statements.Count: 1 } block => block.Statements[0] is ThrowStatementSyntax,
        _ => false,
    };

    /// <summary><c>this == Default</c>, <c>Default == this</c>, <c>ReferenceEquals(this, Default)</c>.</summary>
    private static bool NamesStorage(ExpressionSyntax condition, ISymbol storage)
    {
        var (left, right) = condition switch
        {
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) => (binary.Left, binary.Right),
            InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments } call when NameOf(call.Expression) == "ReferenceEquals"
                => (arguments[0].Expression, arguments[1].Expression),
            _ => (null, null),
        };
        return (left is ThisExpressionSyntax && NameOf(right) == storage.Name) || (right is ThisExpressionSyntax && NameOf(left) == storage.Name);
    }

    /// <summary>The flag the condition reads (<c>IsReadOnly</c>, <c>this.frozen</c>) and, for a property, the field its getter returns.</summary>
    private static HashSet<string> FlagNames(ExpressionSyntax condition, TypeDeclarationSyntax type)
    {
        var names = new HashSet<string>();
        var flag = condition is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access ? access.Name.Identifier.ValueText
            : condition is IdentifierNameSyntax identifier ? identifier.Identifier.ValueText
            : null;
        if (flag is null)
        {
            return names;
        }

        names.Add(flag);
        foreach (var property in type.Members.OfType<PropertyDeclarationSyntax>().Where(p => p.Identifier.ValueText == flag))
        {
            var returned = property.ExpressionBody?.Expression
                ?? property.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration)) switch
                {
                    { ExpressionBody.Expression: var expression } => expression,
                    { Body.Statements: { Count: 1 } statements } => (statements[0] as ReturnStatementSyntax)?.Expression,
                    _ => null,
                };
            if (NameOf(returned) is { } field)
            {
                names.Add(field);
            }
        }

        return names;
    }

    /// <summary>
    /// The instance gets the flag where it is made: its creation's object initializer or the constructor it calls sets it,
    /// or its type's static constructor freezes it.
    /// </summary>
    private static bool IsFrozenWhereMade(ISymbol storage, HashSet<string> flag, TypeDeclarationSyntax heldType, Compilation compilation, CancellationToken cancellationToken)
    {
        if (IsMadeFrozen(storage, flag, heldType, compilation, cancellationToken))
        {
            return true;
        }

        // `TYPE_FIXED_LEN = BinaryDocValuesField.TYPE`: another name for a static default made frozen (Lucene.Net).
        return AliasedStatic(storage, compilation, cancellationToken) is { } aliased && IsMadeFrozen(aliased, flag, heldType, compilation, cancellationToken);
    }

    private static bool IsMadeFrozen(ISymbol storage, HashSet<string> flag, TypeDeclarationSyntax heldType, Compilation compilation, CancellationToken cancellationToken)
    {
        var made = Creations(storage, cancellationToken)
            .Any(c => c.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>().Any(a => SetsTrue(a, flag)) == true
                || ConstructorSetsFlag(c, flag, compilation, cancellationToken));
        return made
            || StaticConstructorCalls(storage, cancellationToken).Any(call => Freezes(call, flag, heldType))
            || CallOnCreation(storage, cancellationToken) is { } call && Freezes(call, flag, heldType);
    }

    /// <summary>
    /// <c>TYPE_STORED = new FieldType { … }.Freeze()</c>: a method of the held type called on the new object where the
    /// storage is declared, before anyone else can reach it (Lucene.Net's field types, measured wrong on held-out set 11).
    /// </summary>
    private static InvocationExpressionSyntax? CallOnCreation(ISymbol storage, CancellationToken cancellationToken)
        => StaticStateSyntax.Initializer(storage, cancellationToken) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: BaseObjectCreationExpressionSyntax } } call
            ? call
            : null;

    /// <summary>The static field or property another static is initialised to where it is declared, if that is all it is.</summary>
    private static ISymbol? AliasedStatic(ISymbol storage, Compilation compilation, CancellationToken cancellationToken)
    {
        if (StaticStateSyntax.Initializer(storage, cancellationToken) is (IdentifierNameSyntax or MemberAccessExpressionSyntax) and var value
            && compilation.ContainsSyntaxTree(value.SyntaxTree)
            && compilation.GetSemanticModel(value.SyntaxTree).GetSymbolInfo(value, cancellationToken).Symbol is { IsStatic: true } aliased and (IFieldSymbol or IPropertySymbol)
            && !SymbolEqualityComparer.Default.Equals(aliased, storage))
        {
            return aliased;
        }

        return null;
    }

    /// <summary>The constructor the creation calls sets the flag to <c>true</c> in a statement of its own body (not under a condition).</summary>
    private static bool ConstructorSetsFlag(BaseObjectCreationExpressionSyntax creation, HashSet<string> flag, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!compilation.ContainsSyntaxTree(creation.SyntaxTree)
            || compilation.GetSemanticModel(creation.SyntaxTree).GetSymbolInfo(creation, cancellationToken).Symbol is not IMethodSymbol constructor
            || constructor.DeclaringSyntaxReferences.Length != 1
            || constructor.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax declaration)
        {
            return false;
        }

        var statements = declaration.Body?.Statements.OfType<ExpressionStatementSyntax>().Select(s => s.Expression)
            ?? (declaration.ExpressionBody is { } body ? new[] { body.Expression } : Enumerable.Empty<ExpressionSyntax>());
        return statements.OfType<AssignmentExpressionSyntax>().Any(a => SetsTrue(a, flag));
    }

    /// <summary>The object creations the storage is given where it is declared and in its type's static constructor.</summary>
    private static IEnumerable<BaseObjectCreationExpressionSyntax> Creations(ISymbol storage, CancellationToken cancellationToken)
    {
        if (StaticStateSyntax.Initializer(storage, cancellationToken) is BaseObjectCreationExpressionSyntax declared)
        {
            yield return declared;
        }

        foreach (var assignment in StaticStateSyntax.StaticConstructorAssignments(storage, cancellationToken))
        {
            if (assignment.Right is BaseObjectCreationExpressionSyntax creation)
            {
                yield return creation;
            }
        }
    }

    /// <summary><c>Default.MakeReadOnly()</c>, <c>CompleteCharSet.SetReadonly(true)</c> in the storage's static constructor.</summary>
    private static IEnumerable<InvocationExpressionSyntax> StaticConstructorCalls(ISymbol storage, CancellationToken cancellationToken)
        => storage.ContainingType.StaticConstructors
            .SelectMany(c => c.DeclaringSyntaxReferences)
            .SelectMany(r => r.GetSyntax(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            .Where(call => call.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && NameOf(receiver) == storage.Name);

    /// <summary>The called method of the held type sets the flag: <c>readOnly = true</c>, or <c>this.readonly = p</c> with <c>true</c> passed for p.</summary>
    private static bool Freezes(InvocationExpressionSyntax call, HashSet<string> flag, TypeDeclarationSyntax heldType)
    {
        var name = NameOf(call.Expression);
        foreach (var method in heldType.Members.OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.ValueText == name))
        {
            var parameters = method.ParameterList.Parameters;
            foreach (var assignment in method.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (SetsTrue(assignment, flag))
                {
                    return true;
                }

                var index = parameters.IndexOf(p => p.Identifier.ValueText == NameOf(assignment.Right));
                if (flag.Contains(NameOf(assignment.Left) ?? string.Empty) && index >= 0 && index < call.ArgumentList.Arguments.Count
                    && call.ArgumentList.Arguments[index].Expression.IsKind(SyntaxKind.TrueLiteralExpression))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool SetsTrue(AssignmentExpressionSyntax assignment, HashSet<string> flag)
        => flag.Contains(NameOf(assignment.Left) ?? string.Empty) && assignment.Right.IsKind(SyntaxKind.TrueLiteralExpression);

    private static string? NameOf(ExpressionSyntax? expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}
