use serde::{Deserialize, Serialize};

/// Materialized path of an org unit, `/1/5/12/`: the ids from the root down.
/// Subtree membership is a prefix test, so a scope check needs no recursion,
/// in Rust or in SQL (`path LIKE '/1/5/%'`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrgPath(String);

impl OrgPath {
    pub fn root(id: i64) -> OrgPath {
        OrgPath(format!("/{id}/"))
    }

    pub fn child(&self, id: i64) -> OrgPath {
        OrgPath(format!("{}{id}/", self.0))
    }

    /// Accepts only the canonical form, so a stored path can be trusted for prefix tests.
    pub fn parse(s: &str) -> Option<OrgPath> {
        let inner = s.strip_prefix('/')?.strip_suffix('/')?;
        if inner.is_empty() || !inner.split('/').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        Some(OrgPath(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `other` is this unit or below it.
    pub fn covers(&self, other: &OrgPath) -> bool {
        other.0.starts_with(&self.0)
    }

    pub fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.0.split('/').filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok())
    }

    pub fn depth(&self) -> usize {
        self.ids().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn covers_subtree_not_siblings() {
        let town = OrgPath::root(1).child(5);
        let village = town.child(12);
        let other = OrgPath::root(1).child(51);
        assert!(town.covers(&village));
        assert!(town.covers(&town));
        assert!(!village.covers(&town));
        // '/1/5/' must not cover '/1/51/': the trailing slash makes ids whole.
        assert!(!town.covers(&other));
    }

    #[test]
    fn parse_rejects_non_canonical() {
        assert!(OrgPath::parse("/1/5/").is_some());
        for bad in ["", "/", "1/5/", "/1/5", "/1//5/", "/a/"] {
            assert!(OrgPath::parse(bad).is_none(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn covers_iff_prefix_of_ids(a in proptest::collection::vec(1i64..100, 1..5), b in proptest::collection::vec(1i64..100, 1..5)) {
            let mk = |v: &Vec<i64>| v[1..].iter().fold(OrgPath::root(v[0]), |p, id| p.child(*id));
            let (pa, pb) = (mk(&a), mk(&b));
            prop_assert_eq!(pa.covers(&pb), b.len() >= a.len() && b[..a.len()] == a[..]);
        }
    }
}
