using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// What KPL3007 knows about the <c>isCollectible</c> a load context is built with: false when the code says so (a
/// constant, an omitted argument, the protected parameterless constructor), or when it is a private flag that stays false
/// until some method sets it (McMaster.NETCore.Plugins' builder: <c>_isCollectible</c>, set only by EnableUnloading). A
/// value chosen at run time is unknown and not reported: it may well be true.
/// </summary>
internal static class LoadContextCollectibility
{
    /// <summary>
    /// Null when the value may be true; otherwise what the message adds after the context's name ("" for a plain false).
    /// </summary>
    public static string? NonCollectibleBecause(IOperation? value)
    {
        value = OperationWalk.Innermost(value);
        if (value?.ConstantValue is { HasValue: true, Value: bool constant })
        {
            return constant ? null : "";
        }

        return value is IFieldReferenceOperation { Field: var field } && IsFalseUntilSet(field)
            ? $" (isCollectible is '{field.Name}', false unless something sets it)"
            : null;
    }

    /// <summary>
    /// The parameter a source constructor of a load context type passes on as its base's <c>isCollectible</c>
    /// (<c>: base(name, isCollectible)</c>), read from the initializer's syntax: the callee's semantic model is not this
    /// operation's. Null when the constructor decides the value itself or passes something else.
    /// </summary>
    public static IParameterSymbol? ForwardedParameter(IMethodSymbol constructor)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not ConstructorDeclarationSyntax { Initializer: { } initializer }
                || !initializer.IsKind(SyntaxKind.BaseConstructorInitializer))
            {
                continue;
            }

            var arguments = initializer.ArgumentList.Arguments;
            var collectible = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "isCollectible")
                ?? (arguments.Count == 2 && arguments.All(a => a.NameColon is null) ? arguments[1] : null)
                ?? (arguments.Count == 1 && arguments[0].NameColon is null ? arguments[0] : null);
            if (collectible?.Expression is IdentifierNameSyntax name
                && constructor.Parameters.FirstOrDefault(p => p.Name == name.Identifier.ValueText) is { Type.SpecialType: SpecialType.System_Boolean } parameter)
            {
                return parameter;
            }
        }

        return null;
    }

    /// <summary>
    /// A private, non-constant bool field with no initializer (or <c>false</c>) that its type only ever sets to a literal,
    /// outside its constructors: an opt-in flag, false unless a method of the type is called.
    /// </summary>
    private static bool IsFalseUntilSet(IFieldSymbol field)
    {
        if (field.Type.SpecialType != SpecialType.System_Boolean || field.IsConst || field.DeclaredAccessibility != Accessibility.Private
            || field.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not VariableDeclaratorSyntax declarator
                || declarator.Initializer is { Value: var initial } && !initial.IsKind(SyntaxKind.FalseLiteralExpression))
            {
                return false;
            }
        }

        return field.ContainingType.DeclaringSyntaxReferences.All(type => OnlyLiteralsOutsideConstructors(type.GetSyntax(), field.Name));
    }

    private static bool OnlyLiteralsOutsideConstructors(SyntaxNode type, string field)
    {
        foreach (var node in type.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when Names(assignment.Left, field):
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                        || !(assignment.Right.IsKind(SyntaxKind.TrueLiteralExpression) || assignment.Right.IsKind(SyntaxKind.FalseLiteralExpression))
                        || assignment.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() is not null)
                    {
                        return false;
                    }

                    break;
                case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when Names(argument.Expression, field):
                    return false;
            }
        }

        return true;
    }

    private static bool Names(ExpressionSyntax expression, string field) => expression switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText == field,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText == field,
        _ => false,
    };
}
