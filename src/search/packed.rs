//! Lists of small numbers as short strings, for the index files: each
//! number is a little-endian run of base64url characters carrying five
//! bits each, the sixth bit meaning "more follows". Postings are mostly
//! small deltas, so a number takes one or two characters where JSON
//! takes three or four with its comma. `search.js` decodes the same way.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const MORE: u32 = 32;

/// Appends `n` to `out`.
pub fn push(out: &mut String, mut n: u32) {
    loop {
        let low = n % MORE;
        n /= MORE;
        let digit = if n > 0 { low + MORE } else { low };
        out.push(char::from(ALPHABET[digit as usize]));
        if n == 0 {
            return;
        }
    }
}

/// The numbers of `text`; `None` when it is not such a list.
pub fn decode(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut n: u64 = 0;
    let mut shift = 0;
    for byte in text.bytes() {
        let digit = ALPHABET.iter().position(|&a| a == byte)? as u32;
        n |= u64::from(digit % MORE) << shift;
        if digit >= MORE {
            shift += 5;
            if shift > 35 {
                return None;
            }
        } else {
            out.push(u32::try_from(n).ok()?);
            n = 0;
            shift = 0;
        }
    }
    (shift == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_small_ones_take_one_character() {
        let numbers = [0, 1, 31, 32, 1023, 1024, 70_000, u32::MAX];
        let mut text = String::new();
        for n in numbers {
            push(&mut text, n);
        }
        assert_eq!(decode(&text), Some(numbers.to_vec()));
        let mut small = String::new();
        push(&mut small, 31);
        assert_eq!(small, "f");
    }

    #[test]
    fn a_cut_or_foreign_list_is_refused() {
        let mut text = String::new();
        push(&mut text, 5000);
        assert_eq!(decode(&text[..1]), None);
        assert_eq!(decode("A,B"), None);
    }
}
