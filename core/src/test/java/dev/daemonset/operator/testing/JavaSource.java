package dev.daemonset.operator.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Java source file refers to, read as text: its imports, and its code with comments, string
 * literals and imports taken out, where fully qualified uses can be looked for. Enough for the tests
 * that hold packages to their dependency rules; a violation then names the file.
 */
public record JavaSource(List<String> imports, String code) {
    private static final Pattern IMPORT =
            Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;", Pattern.MULTILINE);
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    /**
     * String and char literals in one pass, so that the quote in {@code '"'} opens no string; runs of plain
     * characters are taken whole, since a pattern that steps one character at a time recurses once per
     * character and overflows the stack on a long literal.
     */
    private static final Pattern LITERALS =
            Pattern.compile("\"(?:[^\"\\\\\\n]++|\\\\.)*+\"|'(?:[^'\\\\\\n]++|\\\\.)*+'");

    public static JavaSource parse(String source) {
        String code = LITERALS.matcher(COMMENTS.matcher(source).replaceAll(" "))
                .replaceAll(m -> m.group().startsWith("\"") ? "\"\"" : "' '");
        Matcher imports = IMPORT.matcher(code);
        List<String> imported = new ArrayList<>();
        while (imports.find()) {
            imported.add(imports.group(1));
        }
        return new JavaSource(List.copyOf(imported), IMPORT.matcher(code).replaceAll(""));
    }

    /** Whether an import names {@code prefix} or something inside it. */
    public boolean imports(String prefix) {
        return imports.stream().anyMatch(i -> i.equals(prefix) || i.startsWith(prefix + "."));
    }

    /** Whether the code (not an import) spells out {@code prefix}, as in {@code new java.io.File(...)}. */
    public boolean uses(String prefix) {
        return Pattern.compile("(?<![\\w.])" + Pattern.quote(prefix) + "\\b")
                .matcher(code)
                .find();
    }

    /** The imports that name {@code prefix} or something inside it. */
    public List<String> importsOf(String prefix) {
        return imports.stream()
                .filter(i -> i.equals(prefix) || i.startsWith(prefix + "."))
                .toList();
    }
}
