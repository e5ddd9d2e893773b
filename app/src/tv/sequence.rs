//! The remote's secret sequence: Up Up Down Down Left Right Left Right Up Up Up Up opens
//! "Close Session" from anywhere. Arrow keys keep moving focus while it is typed.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Down,
    Left,
    Right,
}

pub const CLOSE_SESSION: [Arrow; 12] = {
    use Arrow::*;
    [Up, Up, Down, Down, Left, Right, Left, Right, Up, Up, Up, Up]
};

/// The last arrows pressed, at most as many as the sequence has.
#[derive(Clone, Debug, Default)]
pub struct SequenceTracker {
    recent: std::collections::VecDeque<Arrow>,
}

impl SequenceTracker {
    /// Feeds one arrow; true when the last twelve are the sequence (which then starts
    /// over). A wrong arrow spoils the window it is in, so the sequence must be typed anew.
    pub fn press(&mut self, key: Arrow) -> bool {
        if self.recent.len() == CLOSE_SESSION.len() {
            self.recent.pop_front();
        }
        self.recent.push_back(key);
        if self.recent.iter().eq(CLOSE_SESSION.iter()) {
            self.recent.clear();
            return true;
        }
        false
    }

    /// Any key that is not an arrow (Enter, Back, a letter) breaks the sequence.
    pub fn reset(&mut self) {
        self.recent.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::Arrow::*;
    use super::*;

    fn feed(keys: &[Arrow]) -> Vec<bool> {
        let mut t = SequenceTracker::default();
        keys.iter().map(|k| t.press(*k)).collect()
    }

    #[test]
    fn the_exact_sequence_opens_once() {
        let out = feed(&CLOSE_SESSION);
        assert_eq!(out.iter().filter(|x| **x).count(), 1);
        assert!(out[11]);
    }

    #[test]
    fn a_wrong_key_resets() {
        let mut keys = CLOSE_SESSION[..6].to_vec();
        keys.push(Down);
        keys.extend_from_slice(&CLOSE_SESSION[6..]);
        assert!(!feed(&keys).iter().any(|x| *x));
        // An extra Up before the sequence does not spoil it.
        let mut keys = vec![Up];
        keys.extend_from_slice(&CLOSE_SESSION);
        assert!(feed(&keys).iter().any(|x| *x));
        // Eleven right keys and a wrong last one: nothing.
        let mut keys = CLOSE_SESSION[..11].to_vec();
        keys.push(Down);
        assert!(!feed(&keys).iter().any(|x| *x));
        // After a wrong key, typing the whole sequence still works.
        let mut keys = vec![Left, Left];
        keys.extend_from_slice(&CLOSE_SESSION);
        assert_eq!(feed(&keys).iter().filter(|x| **x).count(), 1);
    }

    #[test]
    fn other_keys_break_it() {
        let mut t = SequenceTracker::default();
        for k in &CLOSE_SESSION[..11] {
            assert!(!t.press(*k));
        }
        t.reset();
        assert!(!t.press(Up));
    }
}
