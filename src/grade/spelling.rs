//! British and American spellings of one word: `colour` and `color`, `organise` and
//! `organize`, `centre` and `center`, `defence` and `defense` are the same answer.
//!
//! [`american`] maps a British spelling to the American one, and [`super::text::key`] applies
//! it to every word, so that both spellings of a word have one key wherever the grader
//! compares keys (typed answers, options, aliases, rivals). The map goes one way only, and an
//! American spelling is left as it is.
//!
//! Written by hand: the spelling crates check words against dictionaries of one language and
//! do not map one spelling to the other. The rules here are a few regular endings, each held to
//! words long enough that the other spelling is not another word (`four` is no `for`, `prise`
//! no `prize`), and a short list of words that follow no rule.

/// Words whose other spelling follows no ending rule, British first, in byte order (searched by
/// halving). A plural in `s` is found through its singular.
const WORDS: [(&str, &str); 67] = [
    ("acknowledgement", "acknowledgment"),
    ("aeroplane", "airplane"),
    ("ageing", "aging"),
    ("aluminium", "aluminum"),
    ("anaemia", "anemia"),
    ("anaesthetic", "anesthetic"),
    ("analogue", "analog"),
    ("archaeology", "archeology"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("catalogue", "catalog"),
    ("channelled", "channeled"),
    ("cheque", "check"),
    ("cosy", "cozy"),
    ("counsellor", "counselor"),
    ("defence", "defense"),
    ("dialogue", "dialog"),
    ("draught", "draft"),
    ("encyclopaedia", "encyclopedia"),
    ("enrol", "enroll"),
    ("enrolment", "enrollment"),
    ("foetus", "fetus"),
    ("fuelled", "fueled"),
    ("fuelling", "fueling"),
    ("fulfil", "fulfill"),
    ("fulfilment", "fulfillment"),
    ("gaol", "jail"),
    ("grey", "gray"),
    ("haemorrhage", "hemorrhage"),
    ("instalment", "installment"),
    ("jewellery", "jewelry"),
    ("judgement", "judgment"),
    ("kerb", "curb"),
    ("labelled", "labeled"),
    ("labelling", "labeling"),
    ("levelled", "leveled"),
    ("licence", "license"),
    ("manoeuvre", "maneuver"),
    ("marvellous", "marvelous"),
    ("modelled", "modeled"),
    ("modelling", "modeling"),
    ("mould", "mold"),
    ("moult", "molt"),
    ("odour", "odor"),
    ("oestrogen", "estrogen"),
    ("offence", "offense"),
    ("orthopaedic", "orthopedic"),
    ("paediatric", "pediatric"),
    ("plough", "plow"),
    ("pretence", "pretense"),
    ("programme", "program"),
    ("pyjamas", "pajamas"),
    ("sceptic", "skeptic"),
    ("sceptical", "skeptical"),
    ("signalled", "signaled"),
    ("skilful", "skillful"),
    ("smoulder", "smolder"),
    ("storey", "story"),
    ("sulphur", "sulfur"),
    ("totalled", "totaled"),
    ("travelled", "traveled"),
    ("traveller", "traveler"),
    ("travelling", "traveling"),
    ("tyre", "tire"),
    ("wilful", "willful"),
    ("woollen", "woolen"),
    ("yoghurt", "yogurt"),
];

/// What may follow the `our` of `colour` (`colours`, `coloured`, `colourful`, `favourite`).
const OUR_TAILS: [&str; 20] = [
    "", "s", "ed", "ing", "ings", "ite", "ites", "able", "ably", "ful", "less", "er", "ers", "ism",
    "ist", "hood", "hoods", "ly", "y", "ies",
];

/// What may follow the `is` of `organise` (`organised`, `organisation`), and the `ys` of
/// `analyse`.
const ISE_TAILS: [&str; 10] = [
    "e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able",
];

/// Letters a word must have before the ending a rule changes: `colour`, `organise`, `centre`
/// change; `four`, `hour`, `your`, `rise`, `wise`, `prise`, `ogre` do not.
const STEM: usize = 3;

/// The American spelling of `word`, one word of a [`super::text::key`] (lowercase letters and
/// digits), when it is a British spelling; `None` for every other word, the American spelling
/// included.
pub fn american(word: &str) -> Option<String> {
    // Every rule is about ASCII letters, and no word of four letters or fewer changes but `grey`
    // and `cosy`, `gaol`, `kerb`, `tyre` (all in the list).
    if word.len() < 4 || !word.is_ascii() {
        return None;
    }
    if let Some(american) = listed(word) {
        return Some(american);
    }
    if let Some(singular) = word.strip_suffix('s')
        && let Some(american) = listed(singular)
    {
        return Some(american + "s");
    }
    our(word).or_else(|| ise(word)).or_else(|| tre(word))
}

fn listed(word: &str) -> Option<String> {
    WORDS
        .binary_search_by(|(british, _)| british.cmp(&word))
        .ok()
        .map(|i| WORDS[i].1.to_string())
}

/// `colour` → `color`, `behaviour` → `behavior`, `favourite` → `favorite`.
fn our(word: &str) -> Option<String> {
    // The last `our`, at most a tail's length before the end.
    let p = ending_at(word, 8, |ending| ending.starts_with(b"our"))?;
    let (stem, tail) = (&word[..p], &word[p + 3..]);
    (OUR_TAILS.contains(&tail) && stem.len() >= STEM).then(|| format!("{stem}or{tail}"))
}

/// `organise` → `organize`, `organisation` → `organization`, `analyse` → `analyze`.
fn ise(word: &str) -> Option<String> {
    let p = ending_at(word, 9, |ending| matches!(ending, [b'i' | b'y', b's', ..]))?;
    let (stem, tail) = (&word[..p], &word[p + 2..]);
    let z = if word.as_bytes()[p] == b'i' {
        "iz"
    } else {
        "yz"
    };
    (ISE_TAILS.contains(&tail) && stem.len() >= STEM).then(|| format!("{stem}{z}{tail}"))
}

/// Where the last of the `within` final bytes of `word` at which `starts` holds is (all
/// rules are about endings: a word is not scanned further back).
fn ending_at(word: &str, within: usize, starts: impl Fn(&[u8]) -> bool) -> Option<usize> {
    let bytes = word.as_bytes();
    (bytes.len().saturating_sub(within)..bytes.len())
        .rev()
        .find(|&p| starts(&bytes[p..]))
}

/// `centre` → `center`, `fibres` → `fibers`, `centred` → `centered`: `tre` and `bre` only
/// (`acre`, `genre`, `ogre` are spelt so in both), and not `timbre`, which is no `timber`;
/// `tred` after a longer stem only (`hatred` is no past tense).
fn tre(word: &str) -> Option<String> {
    [("", "", STEM), ("s", "s", STEM), ("d", "ed", STEM + 1)]
        .iter()
        .find_map(|&(tail, american, letters)| {
            let stem = word.strip_suffix(tail)?.strip_suffix("re")?;
            let consonant = stem.ends_with('t') || stem.ends_with('b');
            (consonant && stem.len() >= letters && stem != "timb")
                .then(|| format!("{stem}er{american}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expected: Option<&str>) {
        assert_eq!(american(word).as_deref(), expected, "american({word:?})");
    }

    #[test]
    fn british_spellings_become_american() {
        for (british, american) in [
            ("colour", "color"),
            ("colours", "colors"),
            ("coloured", "colored"),
            ("colourful", "colorful"),
            ("behaviour", "behavior"),
            ("favourite", "favorite"),
            ("harbour", "harbor"),
            ("neighbourhood", "neighborhood"),
            ("labour", "labor"),
            ("armoury", "armory"),
            ("organise", "organize"),
            ("organised", "organized"),
            ("organisation", "organization"),
            ("organisations", "organizations"),
            ("recognising", "recognizing"),
            ("analyse", "analyze"),
            ("paralysed", "paralyzed"),
            ("centre", "center"),
            ("centres", "centers"),
            ("centred", "centered"),
            ("theatre", "theater"),
            ("fibre", "fiber"),
            ("defence", "defense"),
            ("defences", "defenses"),
            ("programme", "program"),
            ("programmes", "programs"),
            ("travelled", "traveled"),
            ("grey", "gray"),
            ("tyres", "tires"),
            ("odours", "odors"),
        ] {
            check(british, Some(american));
        }
    }

    #[test]
    fn other_words_are_left_alone() {
        for word in [
            // American spellings, and words spelt one way only.
            "color",
            "organize",
            "center",
            "defense",
            "program",
            "gray",
            "four",
            "hour",
            "your",
            "tour",
            "flour",
            "pour",
            "rise",
            "wise",
            "prise",
            "raise",
            "noise",
            "acre",
            "genre",
            "ogre",
            "timbre",
            "crisis",
            "paris",
            "hundred",
            "journal",
            "fourteen",
            "courage",
            "thoroughly",
            "is",
            "ours",
            "hatred",
            "sacred",
            "odor",
            // Not ASCII: no rule is about such words.
            "coloür",
        ] {
            check(word, None);
        }
    }

    #[test]
    fn the_list_is_in_byte_order() {
        assert!(WORDS.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }
}
