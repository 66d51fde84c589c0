//! Masking for screens and exports seen by roles that do not need the full value. Each rule
//! states exactly what it reveals; everything else becomes `*`. Inputs are raw strings so stored
//! legacy values that would not parse are still masked (fully) rather than shown.

use super::phone::Phone;

fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// Reveals the first 6 (region) and last 4 characters of an 18-character number:
/// `440203********1234`. Anything shorter than 18 characters is masked entirely.
#[must_use]
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    let n = chars.len();
    if n < 18 {
        return stars(n);
    }
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&stars(n - 10));
    out.extend(&chars[n - 4..]);
    out
}

/// Mobiles reveal the first 3 and last 4 digits (`138****5678`); landlines keep the area code
/// and hide 4 digits of the local number (`0751-****888`, `020-****5678`). Hiding 4 digits in
/// both cases leaves 10,000 candidates. Values that do not parse as a phone are masked entirely.
#[must_use]
pub fn mask_phone(phone: &str) -> String {
    let Ok(p) = Phone::parse(phone) else {
        return stars(phone.trim().chars().count());
    };
    let s = p.as_str();
    match s.split_once('-') {
        None => format!("{}****{}", &s[..3], &s[7..]),
        Some((area, local)) => format!("{area}-****{}", &local[4..]),
    }
}

/// Reveals the first character (the family name in most Chinese names): `张**`. A one-character
/// value is masked entirely.
#[must_use]
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    let n = chars.clone().count();
    match chars.next() {
        Some(first) if n >= 2 => format!("{first}{}", stars(n - 1)),
        _ => stars(n),
    }
}

/// Reveals at most the first 6 characters (usually province and city) and never more than half
/// of the address, then `****` whatever the length: `广东省韶关市****`.
#[must_use]
pub fn mask_address(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let keep = (chars.len() / 2).min(6);
    let mut out: String = chars[..keep].iter().collect();
    out.push_str("****");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn id_numbers() {
        assert_eq!(mask_id_number("440203199001011234"), "440203********1234");
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id_number("110105491231002"), "***************");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("+86 138 1234 5678"), "138****5678");
        assert_eq!(mask_phone("0751-8888888"), "0751-****888");
        assert_eq!(mask_phone("0751-22345678"), "0751-****5678");
        assert_eq!(mask_phone("020-87654321"), "020-****4321");
        assert_eq!(mask_phone("12345"), "*****");
    }

    #[test]
    fn names() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张"), "*");
        assert_eq!(mask_name("买买提·艾力"), "买*****");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn addresses() {
        assert_eq!(
            mask_address("广东省韶关市武江区西联镇新村路8号"),
            "广东省韶关市****"
        );
        assert_eq!(mask_address("西联镇新村路8号"), "西联镇新****");
        assert_eq!(mask_address("8号"), "8****");
        assert_eq!(mask_address("8"), "****");
        assert_eq!(mask_address("  "), "");
    }

    fn revealed(original: &str, masked: &str) -> Vec<(usize, char)> {
        let orig: Vec<char> = original.trim().chars().collect();
        masked
            .chars()
            .enumerate()
            .filter(|&(i, c)| c != '*' && orig.get(i) == Some(&c))
            .collect()
    }

    proptest! {
        #[test]
        fn id_mask_reveals_only_first_6_and_last_4(s in "\\PC{0,25}") {
            let out = mask_id_number(&s);
            let n = s.trim().chars().count();
            prop_assert_eq!(out.chars().count(), n);
            for (i, c) in out.chars().enumerate() {
                if c != '*' {
                    prop_assert!(n >= 18 && (i < 6 || i >= n - 4), "position {} revealed in {}", i, out);
                }
            }
        }

        #[test]
        fn mobile_mask_hides_the_middle_four(s in "1[3-9][0-9]{9}") {
            let out = mask_phone(&s);
            prop_assert_eq!(out, format!("{}****{}", &s[..3], &s[7..]));
        }

        #[test]
        fn landline_mask_keeps_area_and_hides_four(area in "0[3-9][0-9]{2}", local in "[2-9][0-9]{6,7}") {
            let out = mask_phone(&format!("{area}-{local}"));
            prop_assert_eq!(out, format!("{area}-****{}", &local[4..]));
        }

        #[test]
        fn phone_mask_hides_at_least_four_or_everything(s in "\\PC{0,20}") {
            let out = mask_phone(&s);
            let hidden = out.chars().filter(|&c| c == '*').count();
            if Phone::parse(&s).is_ok() {
                prop_assert_eq!(hidden, 4);
            } else {
                prop_assert_eq!(hidden, out.chars().count());
            }
        }

        #[test]
        fn name_mask_reveals_only_the_first_char(s in "\\PC{0,10}") {
            let out = mask_name(&s);
            let n = s.trim().chars().count();
            prop_assert_eq!(out.chars().count(), n);
            prop_assert!(out.chars().skip(1).all(|c| c == '*'));
            if n < 2 {
                prop_assert!(out.chars().all(|c| c == '*'));
            }
        }

        #[test]
        fn address_mask_reveals_at_most_6_and_at_most_half(s in "\\PC{0,40}") {
            let out = mask_address(&s);
            let n = s.trim().chars().count();
            if n == 0 {
                prop_assert_eq!(out, "");
            } else {
                prop_assert!(out.ends_with("****"));
                let kept = out.chars().count() - 4;
                prop_assert!(kept <= 6 && kept <= n / 2);
                prop_assert!(s.trim().starts_with(&out[..out.len() - 4]));
            }
        }

        #[test]
        fn masking_never_reveals_a_character_out_of_place(s in "[0-9X]{18}") {
            // Revealed characters are always at their own position, never shifted.
            let out = mask_id_number(&s);
            prop_assert_eq!(revealed(&s, &out).len(), 10);
        }
    }
}
