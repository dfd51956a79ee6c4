using System;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2006 for <c>[JsonProperty(TypeNameHandling|ItemTypeNameHandling = …)]</c> and
/// <c>[JsonObject|JsonArray|JsonDictionary(ItemTypeNameHandling = …)]</c>. Newtonsoft honours these whatever the
/// settings' own TypeNameHandling, so the member reads type names from the payload; the binder that checks them is the
/// one of the settings or serializer the caller passes, which the attribute's declaration cannot see. Reported only when
/// no code of this compilation sets a binder at all (then no call site of this project can be using one, short of
/// settings made in another assembly): precise where it reports, silent as soon as the project configures binders.
/// </summary>
internal sealed class TypeNameHandlingAttributes
{
    private static readonly string[] PropertyArguments = { "TypeNameHandling", "ItemTypeNameHandling" };
    private static readonly string[] ContainerArguments = { "ItemTypeNameHandling" };

    private readonly INamedTypeSymbol? _property;
    private readonly INamedTypeSymbol? _container;
    private readonly Lazy<bool> _compilationSetsBinder;

    private TypeNameHandlingAttributes(INamedTypeSymbol? property, INamedTypeSymbol? container, Compilation compilation, CancellationToken cancellationToken)
    {
        _property = property;
        _container = container;
        // Computed only when an attribute enables type names (rare), then once per compilation.
        _compilationSetsBinder = new Lazy<bool>(() => SetsBinderAnywhere(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static TypeNameHandlingAttributes? Create(Compilation compilation, CancellationToken cancellationToken)
    {
        var property = compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonPropertyAttribute");
        var container = compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonContainerAttribute");
        return property is null && container is null ? null : new TypeNameHandlingAttributes(property, container, compilation, cancellationToken);
    }

    public void Analyze(SymbolAnalysisContext context, DiagnosticDescriptor rule)
    {
        var symbol = context.Symbol;
        Check(context, rule, symbol);
        if (symbol is IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                Check(context, rule, parameter);
            }
        }
    }

    private void Check(SymbolAnalysisContext context, DiagnosticDescriptor rule, ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var names = Is(attribute.AttributeClass, _property) ? PropertyArguments
                : TypeHierarchy.IsOrDerivesFrom(attribute.AttributeClass, _container) ? ContainerArguments
                : null;
            if (names is null)
            {
                continue;
            }

            foreach (var argument in attribute.NamedArguments)
            {
                if (!names.Contains(argument.Key) || argument.Value.Kind != TypedConstantKind.Enum
                    || argument.Value.Value is not int value || value == 0
                    || _compilationSetsBinder.Value
                    || ArgumentSyntax(attribute, argument.Key, context.CancellationToken) is not { } location)
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(rule, location, EnumName(argument.Value, value)));
            }
        }
    }

    private static Location? ArgumentSyntax(AttributeData attribute, string name, CancellationToken cancellationToken)
        => (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();

    private static string EnumName(TypedConstant constant, int value)
        => constant.Type?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value))?.Name
            ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether any code of the compilation assigns a SerializationBinder (or the obsolete Binder), other than null. Syntax
    /// only — analyzers may not ask for other documents' semantic models — so an unrelated property of that name also
    /// counts: a missed report, never a false one.
    /// </summary>
    private static bool SetsBinderAnywhere(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(cancellationToken);
            if (root.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(IsBinderAssignment))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBinderAssignment(AssignmentExpressionSyntax assignment)
    {
        var name = assignment.Left switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
        return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            && name is "SerializationBinder" or "Binder"
            && !assignment.Right.IsKind(SyntaxKind.NullLiteralExpression);
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
