//! Text folding for search: "Über die Brücke" and "uber die brucke" are the same query.

/// Lower-case ASCII transliteration with runs of whitespace collapsed.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `fold(query)` as a SQL `LIKE` pattern matching it anywhere, with the pattern
/// characters escaped (the caller adds `ESCAPE '\'`).
pub fn contains_pattern(query: &str) -> String {
    let mut out = String::from("%");
    for c in fold(query).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_spaces() {
        assert_eq!(fold("Über die Brücke"), "uber die brucke");
        assert_eq!(fold("  CAFÉ   Solitude "), "cafe solitude");
        assert_eq!(fold("Noche de Ánimas"), "noche de animas");
        assert_eq!(fold("Ångström"), "angstrom");
        assert_eq!(fold("１２３４"), "1234");
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern("Café"), "%cafe%");
    }
}
