using System.Text.RegularExpressions;

namespace Resilience.Docs.Tests;

/// <summary>
/// Every C# block of README.md, docs/getting-started.md, docs/configuration.md, docs/coming-from-polly.md, docs/a2a.md, docs/testing.md, docs/observability.md and docs/overload.md is a region of
/// samples/Resilience.Snippets (or of tests/Resilience.Docs.Tests/Polly, compiled against Polly.Core), which the solution
/// build compiles: the block names its region in a preceding <c>&lt;!-- snippet: name --&gt;</c> comment and must match it
/// line for line (indentation aside); its <c>using</c> lines must be among the snippet file's.
/// </summary>
public sealed partial class DocumentationSnippetsTests
{
    private static readonly string Root = FindRoot();

    private static readonly string[] DocumentPaths = ["README.md", "docs/getting-started.md", "docs/configuration.md", "docs/coming-from-polly.md", "docs/a2a.md", "docs/testing.md", "docs/observability.md", "docs/overload.md"];

    public static TheoryData<string> Documents => new(DocumentPaths);

    [Theory]
    [MemberData(nameof(Documents))]
    public void CSharpBlocks_EachNamesACompiledSnippet_AndMatchesIt(string document)
    {
        var blocks = ReadBlocks(File.ReadAllText(Path.Combine(Root, document)));
        var regions = ReadRegions();

        blocks.Should().NotBeEmpty();
        foreach (var block in blocks)
        {
            block.Snippet.Should().NotBeNull($"every C# block in {document} names its snippet; this one starts with: {block.Lines.FirstOrDefault()}");
            regions.Should().ContainKey(block.Snippet!, $"{document} refers to it");
            var (code, file) = regions[block.Snippet!];
            Dedent(block.Lines.Where(l => !IsUsing(l)).ToList()).Should().Equal(code, $"the block '{block.Snippet}' in {document} is the region of the same name in {file}");
            var fileUsings = File.ReadLines(file).Where(IsUsing).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
            block.Lines.Where(IsUsing).Should().OnlyContain(u => fileUsings.Contains(u.Trim()), $"the usings of '{block.Snippet}' compile in {file}");
        }
    }

    [Fact]
    public void Snippets_EachIsShownInADocument()
    {
        var shown = DocumentPaths.SelectMany(d => ReadBlocks(File.ReadAllText(Path.Combine(Root, d)))).Select(b => b.Snippet).ToHashSet();

        ReadRegions().Keys.Should().OnlyContain(name => shown.Contains(name), "a snippet nobody shows is dead code");
    }

    private static bool IsUsing(string line) => UsingLine().IsMatch(line);

    private static List<Block> ReadBlocks(string markdown)
    {
        var blocks = new List<Block>();
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var previous = lines.Take(i).Reverse().FirstOrDefault(l => l.Trim().Length > 0) ?? string.Empty;
            var name = SnippetComment().Match(previous) is { Success: true } m ? m.Groups[1].Value : null;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                body.Add(lines[i]);
            }

            blocks.Add(new Block(name, Trim(body)));
        }

        return blocks;
    }

    private static Dictionary<string, (List<string> Code, string File)> ReadRegions()
    {
        var regions = new Dictionary<string, (List<string>, string)>(StringComparer.Ordinal);
        // The snippets, and the side-by-side one compiled against Polly.Core in this (comparison) test project.
        var files = Directory.EnumerateFiles(Path.Combine(Root, "samples", "Resilience.Snippets"), "*.cs")
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "tests", "Resilience.Docs.Tests", "Polly"), "*.cs"));
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success)
                {
                    continue;
                }

                var body = new List<string>();
                for (i++; i < lines.Length && lines[i].Trim() != "#endregion"; i++)
                {
                    body.Add(lines[i]);
                }

                regions.Add(start.Groups[1].Value, (Dedent(Trim(body)), file));
            }
        }

        return regions;
    }

    private static List<string> Trim(List<string> lines) =>
        lines.SkipWhile(l => l.Trim().Length == 0).Reverse().SkipWhile(l => l.Trim().Length == 0).Reverse().ToList();

    private static List<string> Dedent(List<string> lines)
    {
        var trimmed = Trim(lines);
        var indent = trimmed.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return trimmed.Select(l => l.Trim().Length == 0 ? string.Empty : l[indent..].TrimEnd()).ToList();
    }

    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Resilience.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Resilience.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\s*using (?:[A-Za-z0-9_]+ = )?[A-Za-z0-9_.]+;\s*$")]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"<!--\s*snippet:\s*([a-z0-9-]+)\s*-->")]
    private static partial Regex SnippetComment();

    [GeneratedRegex(@"^\s*#region ([a-z0-9-]+)\s*$")]
    private static partial Regex RegionStart();

    private sealed record Block(string? Snippet, List<string> Lines);
}
