use fazhi_core::access::Scope;

/// SQL condition limiting `column` (an org path) to the scope's subtrees, with
/// its bind values starting at `$first`. An empty scope matches nothing.
/// Paths hold only digits and slashes, so LIKE needs no escaping.
pub fn scope_sql(scope: &Scope, column: &str, first: usize) -> (String, Vec<String>) {
    if scope.is_empty() {
        return ("1 = 0".into(), Vec::new());
    }
    let conds: Vec<String> = (0..scope.paths().len()).map(|i| format!("{column} LIKE ${}", first + i)).collect();
    let params = scope.paths().iter().map(|p| format!("{}%", p.as_str())).collect();
    (format!("({})", conds.join(" OR ")), params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fazhi_core::org::OrgPath;

    #[test]
    fn builds_or_of_prefixes() {
        let s = Scope::new(vec![OrgPath::root(1).child(2), OrgPath::root(1).child(3)]);
        let (sql, p) = scope_sql(&s, "o.path", 4);
        assert_eq!(sql, "(o.path LIKE $4 OR o.path LIKE $5)");
        assert_eq!(p, vec!["/1/2/%", "/1/3/%"]);
        assert_eq!(scope_sql(&Scope::new(vec![]), "x", 1).0, "1 = 0");
    }
}
