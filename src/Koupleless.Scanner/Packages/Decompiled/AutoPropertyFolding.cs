using System.Collections.Generic;
using System.Linq;
using ICSharpCode.Decompiler;
using ICSharpCode.Decompiler.CSharp;
using ICSharpCode.Decompiler.CSharp.Syntax;
using ICSharpCode.Decompiler.CSharp.Syntax.PatternMatching;
using ICSharpCode.Decompiler.TypeSystem;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>
/// Auto-properties the decompiler wrote out over their backing field, folded back. ILSpy leaves a property as
/// <c>get { return &lt;P&gt;k__BackingField; } private set { &lt;P&gt;k__BackingField = value; }</c> when its type has an
/// explicit static constructor (Dapper's SqlMapper.Settings): the initialiser stays in that constructor as a field
/// write. The analyzers then see the field as the storage and a private setter as an ordinary method, so a flow that
/// source shows through the auto-property (a public member → a private helper → the private setter) stops at the field.
/// Folded, the decompiled code has the source's shape: the property is the storage, its uses in the type read and write
/// it. A fold is made only where it keeps what the code does and still compiles; otherwise the field stays and
/// <see cref="SpellableNames"/> makes its name spellable, as before.
/// </summary>
public static class AutoPropertyFolding
{
    private const string FieldGroup = "field";

    private static readonly PropertyDeclaration WithSetter = WrittenOut(setter: true);
    private static readonly PropertyDeclaration GetOnly = WrittenOut(setter: false);

    public static void Apply(SyntaxTree tree)
    {
        var candidates = tree.Descendants.OfType<PropertyDeclaration>().Select(Candidate).OfType<WrittenOutProperty>().ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var byFieldName = candidates.ToLookup(c => c.Field.Name);
        var uses = candidates.ToDictionary(c => c, _ => new List<Expression>());
        var blocked = new HashSet<WrittenOutProperty>();
        foreach (var identifier in tree.Descendants.OfType<Identifier>().Where(i => byFieldName.Contains(i.Name)).ToList())
        {
            if (identifier.Parent is VariableInitializer { Parent: FieldDeclaration })
            {
                continue;
            }

            var referenced = identifier.Parent is IdentifierExpression or MemberReferenceExpression ? identifier.Parent.GetSymbol() as IField : null;
            var owner = referenced is null ? null : byFieldName[identifier.Name].FirstOrDefault(c => c.Field.MemberDefinition.Equals(referenced.MemberDefinition));
            if (owner is null)
            {
                blocked.UnionWith(byFieldName[identifier.Name]); // a use this step cannot tell apart: the field stays
                continue;
            }

            uses[owner].Add((Expression)identifier.Parent!);
        }

        foreach (var candidate in candidates.Where(c => !blocked.Contains(c)))
        {
            var outsideAccessors = uses[candidate].Where(u => !u.Ancestors.Contains(candidate.Declaration)).ToList();
            if (outsideAccessors.All(u => CanBecomeProperty(candidate, u)))
            {
                Fold(candidate, outsideAccessors);
            }
        }
    }

    /// <summary>A property with a setter or get-only, whose accessors only read and write one field (any attributes and modifiers).</summary>
    private static PropertyDeclaration WrittenOut(bool setter)
    {
        var pattern = new PropertyDeclaration
        {
            Attributes = { new Repeat(new AnyNode()) },
            Modifiers = Modifiers.Any,
            ReturnType = new AnyNode(),
            Name = Pattern.AnyString,
            Getter = AccessorOnly(new ReturnStatement(new AnyNode(FieldGroup))),
        };
        if (setter)
        {
            pattern.Setter = AccessorOnly(new ExpressionStatement(new AssignmentExpression(new Backreference(FieldGroup), new IdentifierExpression("value"))));
        }

        return pattern;
    }

    private static Accessor AccessorOnly(Statement statement) => new()
    {
        Attributes = { new Repeat(new AnyNode()) },
        Modifiers = Modifiers.Any,
        Body = new BlockStatement { statement },
    };

    private static WrittenOutProperty? Candidate(PropertyDeclaration declaration)
    {
        var match = WithSetter.Match(declaration);
        if (!match.Success)
        {
            match = GetOnly.Match(declaration);
        }

        if (!match.Success || declaration.Parent is not TypeDeclaration type || declaration.GetSymbol() is not IProperty property
            || match.Get<Expression>(FieldGroup).Single().GetSymbol() is not IField field)
        {
            return null;
        }

        // The compiler's own backing field of this very property: its name, its type, its static-ness, its declaring type.
        var isBackingField = field.Name == "<" + property.Name + ">k__BackingField" && field.IsCompilerGenerated()
            && field.IsStatic == property.IsStatic && field.ReturnType.WithoutNullability().Equals(property.ReturnType.WithoutNullability())
            && field.DeclaringTypeDefinition is { } owner && owner.Equals(property.DeclaringTypeDefinition);
        var fieldDeclaration = type.Members.OfType<FieldDeclaration>().FirstOrDefault(f => f.Variables.Count == 1 && f.Variables.Single().Name == field.Name);
        return isBackingField && fieldDeclaration is not null ? new WrittenOutProperty(declaration, property, field, fieldDeclaration, type) : null;
    }

    /// <summary>Whether a use of the field outside the accessors means the same, and compiles, when it names the property.</summary>
    private static bool CanBecomeProperty(WrittenOutProperty candidate, Expression use)
    {
        var member = use.Ancestors.TakeWhile(a => a is not TypeDeclaration).OfType<EntityDeclaration>().LastOrDefault();
        return use.Ancestors.OfType<TypeDeclaration>().FirstOrDefault() == candidate.Type // a nested type's use is left alone
            && member is not null
            // Through an overridable property a derived type's accessor would run instead of the field write.
            && !candidate.Property.IsOverridable && !candidate.Property.IsOverride
            // A property has no address: ref/out/in arguments, ref locals and returns, &field.
            && use.Parent is not (DirectionExpression or UnaryOperatorExpression { Operator: UnaryOperatorType.AddressOf })
            // Through a property a struct is a copy: a member call or member write on it would no longer change the field.
            && !(IsAccessedInPlace(use) && MayBeMutableStruct(candidate.Field.ReturnType))
            && (!IsWrite(use) || IsWritableAt(candidate, use))
            // A parameter or local of the property's name would take the rewritten simple name.
            && !(use is IdentifierExpression && DeclaresName(member, candidate.Property.Name));
    }

    private static bool IsAccessedInPlace(Expression use)
        => use.Parent is MemberReferenceExpression member && member.Target == use || use.Parent is IndexerExpression indexer && indexer.Target == use;

    private static bool MayBeMutableStruct(IType type)
        => type.IsReferenceType != true && type.Kind != TypeKind.Enum && type.GetDefinition() is not ({ IsReadOnly: true } or { KnownTypeCode: not KnownTypeCode.None });

    private static bool IsWrite(Expression use) => use.Parent switch
    {
        AssignmentExpression assignment => assignment.Left == use,
        UnaryOperatorExpression { Operator: UnaryOperatorType.Increment or UnaryOperatorType.Decrement or UnaryOperatorType.PostIncrement or UnaryOperatorType.PostDecrement } => true,
        TupleExpression => true, // a deconstruction's target; a tuple of reads is only held back where writes are
        _ => false,
    };

    /// <summary>A settable property is written anywhere in its type; a get-only (or init-only) one only by its own constructors, directly.</summary>
    private static bool IsWritableAt(WrittenOutProperty candidate, Expression use)
    {
        if (candidate.Declaration.Setter is { IsInitOnly: false })
        {
            return true;
        }

        var writer = use.Ancestors.FirstOrDefault(a => a is EntityDeclaration or LambdaExpression or AnonymousMethodExpression or LocalFunctionDeclarationStatement);
        return writer is ConstructorDeclaration constructor && constructor.HasModifier(Modifiers.Static) == candidate.Property.IsStatic
            && use is IdentifierExpression or MemberReferenceExpression { Target: ThisReferenceExpression or TypeReferenceExpression };
    }

    private static bool DeclaresName(EntityDeclaration member, string name)
        => member.Descendants.OfType<Identifier>().Any(i => i.Name == name && i.Parent is not (IdentifierExpression or MemberReferenceExpression));

    private static void Fold(WrittenOutProperty candidate, IEnumerable<Expression> uses)
    {
        var (property, field) = (candidate.Declaration, candidate.FieldDeclaration);
        foreach (var use in uses)
        {
            switch (use)
            {
                case IdentifierExpression identifier:
                    identifier.Identifier = property.Name;
                    break;
                case MemberReferenceExpression reference:
                    reference.MemberName = property.Name;
                    break;
            }
        }

        if (field.Variables.Single().Initializer is { } initializer)
        {
            property.Initializer = initializer.Detach();
        }

        // What the source wrote as [field: X] on the auto-property (e.g. [field: ThreadStatic]) stays on its storage.
        CompilerMarkers.RemoveBackingFieldMarkers(field.Attributes);
        foreach (var section in field.Attributes.ToList())
        {
            section.Remove();
            section.AttributeTarget = "field";
            property.Attributes.Add(section);
        }

        foreach (var accessor in new[] { property.Getter, property.Setter }.OfType<Accessor>())
        {
            CompilerMarkers.RemoveCompilerGenerated(accessor.Attributes);
            accessor.Body = null;
        }

        field.Remove();
    }

    private sealed record WrittenOutProperty(PropertyDeclaration Declaration, IProperty Property, IField Field, FieldDeclaration FieldDeclaration, TypeDeclaration Type);
}
