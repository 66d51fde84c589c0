use serde::Serialize;

/// The previous-hash of the first record in every chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit record as stored. `before`/`after` are JSON text exactly as written,
/// so the MAC is over the bytes the database holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub chain_key: String,
    pub seq: i64,
    pub prev_hash: String,
    pub hash: String,
    pub at: String,
    pub actor_id: i64,
    pub actor_name: String,
    pub org_id: i64,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// The newest record of a chain as the head table remembers it; it catches a
/// chain cut short at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub chain_key: String,
    pub seq: i64,
    pub hash: String,
}

impl AuditEntry {
    /// Unambiguous bytes for the MAC: a JSON array, so no field can bleed into the next.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::json!([
            self.chain_key,
            self.seq,
            self.prev_hash,
            self.at,
            self.actor_id,
            self.actor_name,
            self.org_id,
            self.action,
            self.entity,
            self.entity_id,
            self.before_json,
            self.after_json
        ])
        .to_string()
        .into_bytes()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("审计链 {chain_key} 第 {seq} 条记录（id {id}）内容被篡改")]
    Tampered { chain_key: String, seq: i64, id: i64 },
    #[error("审计链 {chain_key} 第 {seq} 条记录（id {id}）与前一条不相连（缺失或被删除）")]
    Broken { chain_key: String, seq: i64, id: i64 },
    #[error("审计链 {chain_key} 末尾缺失记录：应到第 {expected} 条，实际到第 {found} 条")]
    Truncated { chain_key: String, expected: i64, found: i64 },
}

/// Checks one chain record by record, so a caller can stream rows from storage
/// without holding the chain in memory.
pub struct ChainVerifier {
    prev_hash: String,
    prev_seq: i64,
    count: u64,
    key: String,
}

impl ChainVerifier {
    pub fn new(chain_key: &str) -> ChainVerifier {
        ChainVerifier { prev_hash: GENESIS.to_string(), prev_seq: 0, count: 0, key: chain_key.to_string() }
    }

    /// Records must arrive in seq order.
    pub fn push(&mut self, r: &AuditEntry, mac: impl Fn(&[u8]) -> String) -> Result<(), ChainBreak> {
        if r.seq != self.prev_seq + 1 || r.prev_hash != self.prev_hash || r.chain_key != self.key {
            return Err(ChainBreak::Broken { chain_key: r.chain_key.clone(), seq: r.seq, id: r.id });
        }
        if mac(&r.canonical()) != r.hash {
            return Err(ChainBreak::Tampered { chain_key: r.chain_key.clone(), seq: r.seq, id: r.id });
        }
        self.prev_hash = r.hash.clone();
        self.prev_seq = r.seq;
        self.count += 1;
        Ok(())
    }

    /// Compares the end of the chain with the head table.
    pub fn finish(self, head: Option<&ChainHead>) -> Result<u64, ChainBreak> {
        if let Some(h) = head
            && (h.seq != self.prev_seq || h.hash != self.prev_hash)
        {
            return Err(ChainBreak::Truncated { chain_key: self.key, expected: h.seq, found: self.prev_seq });
        }
        Ok(self.count)
    }
}

/// Walks one chain's records in seq order; returns the first break.
pub fn verify_chain(
    records: impl IntoIterator<Item = AuditEntry>,
    head: Option<&ChainHead>,
    mac: impl Fn(&[u8]) -> String,
) -> Result<u64, ChainBreak> {
    let mut iter = records.into_iter().peekable();
    let key = head.map(|h| h.chain_key.clone()).or_else(|| iter.peek().map(|r| r.chain_key.clone())).unwrap_or_default();
    let mut v = ChainVerifier::new(&key);
    for r in iter {
        v.push(&r, &mac)?;
    }
    v.finish(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A stand-in MAC for tests of the walking logic; the real one is HMAC-SM3.
    fn mac(b: &[u8]) -> String {
        let mut h: u64 = 1469598103934665603;
        for x in b {
            h = (h ^ *x as u64).wrapping_mul(1099511628211);
        }
        format!("{h:016x}")
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        let mut prev = GENESIS.to_string();
        for seq in 1..=n {
            let mut e = AuditEntry {
                id: seq * 10,
                chain_key: "org-3".into(),
                seq,
                prev_hash: prev.clone(),
                hash: String::new(),
                at: format!("2026-01-0{seq}T00:00:00Z"),
                actor_id: 1,
                actor_name: "a".into(),
                org_id: 3,
                action: "create".into(),
                entity: "todo".into(),
                entity_id: seq.to_string(),
                before_json: None,
                after_json: Some("{}".into()),
            };
            e.hash = mac(&e.canonical());
            prev = e.hash.clone();
            out.push(e);
        }
        out
    }

    fn head(c: &[AuditEntry]) -> ChainHead {
        let l = c.last().unwrap();
        ChainHead { chain_key: l.chain_key.clone(), seq: l.seq, hash: l.hash.clone() }
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify_chain(c.clone(), Some(&head(&c)), mac), Ok(5));
    }

    #[test]
    fn edit_is_found() {
        let mut c = chain(5);
        let h = head(&c);
        c[2].after_json = Some("{\"x\":1}".into());
        assert_eq!(verify_chain(c, Some(&h), mac), Err(ChainBreak::Tampered { chain_key: "org-3".into(), seq: 3, id: 30 }));
    }

    #[test]
    fn removal_is_found() {
        let mut c = chain(5);
        let h = head(&c);
        c.remove(1);
        assert!(matches!(verify_chain(c, Some(&h), mac), Err(ChainBreak::Broken { seq: 3, .. })));
    }

    #[test]
    fn truncation_is_found() {
        let mut c = chain(5);
        let h = head(&c);
        c.pop();
        assert!(matches!(verify_chain(c, Some(&h), mac), Err(ChainBreak::Truncated { expected: 5, found: 4, .. })));
    }
}
