//! Table-driven tests of [`grade`](super::grade) for every kind of answer, plus properties.

use jiff::civil::{Weekday, date};
use proptest::prelude::*;

use super::choice::{label_picks, labels_of};
use super::*;
use crate::question::{Origin, Question};

use Outcome::{Close, Correct, Wrong};

fn text(accepted: &[&str], rivals: &[&str]) -> Answer {
    Answer::Text {
        accepted: accepted.iter().map(|s| s.to_string()).collect(),
        rivals: std::sync::Arc::new(crate::question::Rivals::new(rivals)),
    }
}

fn number(value: f64, unit: Option<&str>, tolerance: f64, display: &str) -> Answer {
    Answer::Number {
        value,
        unit: unit.map(str::to_string),
        tolerance,
        display: display.to_string(),
    }
}

fn when(value: DateValue, day_first: bool, display: &str) -> Answer {
    Answer::Date {
        value,
        day_first,
        display: display.to_string(),
    }
}

fn choice(options: &[&str], correct: &[usize]) -> Answer {
    Answer::Choice {
        options: options.iter().map(|s| s.to_string()).collect(),
        correct: correct.to_vec(),
        aliases: Vec::new(),
    }
}

fn list(items: &[&str], ordered: bool) -> Answer {
    Answer::List {
        items: items.iter().map(|s| s.to_string()).collect(),
        ordered,
        aliases: Vec::new(),
    }
}

/// Grades every `(typed, outcome)` case against `answer`; returns how many were checked.
fn check(answer: &Answer, cases: &[(&str, Outcome)]) -> usize {
    for (typed, outcome) in cases {
        let verdict = grade_answer(answer, typed);
        assert_eq!(
            verdict.outcome, *outcome,
            "typed {typed:?} for {answer:?}: {verdict:?}"
        );
        assert_eq!(verdict.rating, outcome.rating());
        assert_ne!(verdict.rating, Rating::Easy);
        let keyed = KeyedAnswer::new(answer.clone());
        assert_eq!(
            keyed.accepts(&Reading::new(typed)),
            *outcome == Correct,
            "KeyedAnswer::accepts of {typed:?} for {answer:?}"
        );
    }
    cases.len()
}

/// The note (and partial) of one graded answer.
fn note(answer: &Answer, typed: &str) -> Option<String> {
    grade_answer(answer, typed).note
}

#[test]
fn grades_text() {
    let austin = text(
        &["Lloyd Austin", "Austin", "Secretary Austin"],
        &["Rajnath Singh", "Narendra Modi", "Justin", "Lloyd Austin"],
    );
    let mut n = check(
        &austin,
        &[
            ("Lloyd Austin", Correct),
            ("lloyd austin", Correct),
            ("  LLOYD   AUSTIN ", Correct),
            ("Lloyd Austin.", Correct),
            ("\"Lloyd Austin\"", Correct),
            ("Austin", Correct),
            ("secretary austin", Correct),
            ("austen", Close),
            ("Loyd Austin", Close),
            ("Lloyd Austn", Close),
            ("Llyod Austin", Close),
            ("Ausin", Close),
            ("Lloyd", Wrong),
            ("Rajnath Singh", Wrong),
            ("Narendra Modi", Wrong),
            ("Modi", Wrong),
            ("Justin", Wrong),
            ("Lloyd Austin Lloyd Austin", Wrong),
            ("Austin Lloyd", Wrong),
            ("", Wrong),
            ("   ", Wrong),
            ("\t\n", Wrong),
            ("🙂", Wrong),
            ("\u{7}\u{0}", Wrong),
            ("...", Wrong),
        ],
    );
    let singh = text(&["Singh"], &["Modi", "Sinha"]);
    n += check(
        &singh,
        &[
            ("Singh", Correct),
            ("singh.", Correct),
            ("Sing", Close),
            ("Singhh", Close),
            ("Siingh", Close),
            ("Sngh", Close),
            // One edit from Singh and one from the rival Sinha: not told apart, so wrong.
            ("Sinhg", Wrong),
            ("Modi", Wrong),
            ("Sinha", Wrong),
            ("Sinh", Wrong),
            ("Si", Wrong),
            ("Gandhi", Wrong),
        ],
    );
    let rajnath = text(&["Rajnath Singh"], &["Narendra Modi"]);
    n += check(
        &rajnath,
        &[
            ("Rajnath Singh", Correct),
            ("RajnathSingh", Correct),
            ("Rajnath Sing", Close),
            ("Rajnat Sing", Close),
            ("Singh", Wrong),
            ("Rajnath", Wrong),
            ("Raj Singh", Wrong),
        ],
    );
    n += check(
        &text(&["Ünal"], &[]),
        &[
            ("Ünal", Correct),
            ("Unal", Correct),
            ("UNAL", Correct),
            ("Unál", Correct),
            ("Onal", Close),
            ("Ulna", Wrong),
        ],
    );
    n += check(
        &text(&["Quad"], &[]),
        &[
            ("the Quad.", Correct),
            ("Quad", Correct),
            ("a quad", Correct),
            ("QUAD!", Correct),
            ("(The Quad)", Correct),
            ("Quads", Close),
            // Another word, not a typo: a short word takes only a vowel or two neighbours
            // swapped, and a word keeps its first letter (QA: `NSA` for NASA was close).
            ("Squad", Wrong),
            ("Qaud", Close),
            ("Quid pro quo", Wrong),
        ],
    );
    n += check(
        &text(&["USA", "United States"], &["UK"]),
        &[
            ("usa", Correct),
            ("U.S.A.", Correct),
            ("United States", Correct),
            ("the United States", Correct),
            ("united state", Close),
            ("US", Wrong),
            ("USB", Wrong),
            ("UK", Wrong),
        ],
    );
    n += check(
        &text(&["F-16"], &["F-35"]),
        &[
            ("F16", Correct),
            ("f 16", Correct),
            ("F-15", Wrong),
            ("F-61", Wrong),
            ("F-35", Wrong),
        ],
    );
    n += check(
        &text(&["Su-30MKI"], &[]),
        &[
            ("su-30 mki", Correct),
            ("Su-30MKJ", Close),
            ("Su-35MKI", Wrong),
        ],
    );
    n += check(
        &text(&["Shanghai Cooperation Organisation"], &[]),
        &[
            ("shanghai cooperation organisation", Correct),
            ("Shangai Coperation Organisaton", Close),
            ("Shanghai Organisation", Wrong),
        ],
    );
    n += check(
        &text(&["Austria"], &["Australia"]),
        &[
            ("Austria", Correct),
            ("Austrai", Close),
            ("Australia", Wrong),
            ("Austrlia", Wrong),
        ],
    );
    n += check(&text(&[], &[]), &[("anything", Wrong), ("", Wrong)]);
    assert!(n >= 80, "{n} text cases");

    assert_eq!(
        note(&austin, "Austin").as_deref(),
        Some("accepted as an alias of Lloyd Austin")
    );
    assert_eq!(note(&austin, "Lloyd Austin"), None);
    assert_eq!(
        note(&austin, "Loyd Austin").as_deref(),
        Some("close: check the spelling")
    );
    assert_eq!(
        note(&austin, "Narendra Modi").as_deref(),
        Some("that is another name in this deck")
    );
    assert_eq!(
        note(&singh, "Sinh").as_deref(),
        Some("that is closer to Sinha, another name in this deck")
    );
    assert_eq!(
        note(&rajnath, "Singh").as_deref(),
        Some("give the full name")
    );
    assert_eq!(note(&austin, "").as_deref(), Some("no answer"));
    assert_eq!(grade_answer(&austin, "austin").expected, "Lloyd Austin");
}

#[test]
fn text_diff_shows_missing_and_extra() {
    let singh = text(&["Singh"], &[]);
    assert_eq!(
        grade_answer(&singh, "sing").diff,
        vec![DiffPart::Same("Sing".into()), DiffPart::Missing("h".into())]
    );
    assert_eq!(
        grade_answer(&text(&["Ünal"], &[]), "unal").diff,
        vec![DiffPart::Same("Ünal".into())]
    );
    assert_eq!(
        grade_answer(&singh, "Singhs").diff,
        vec![DiffPart::Same("Singh".into()), DiffPart::Extra("s".into())]
    );
    let long = "x".repeat(10_000);
    let diff = grade_answer(&singh, &long).diff;
    assert!(diff.len() <= 4, "{} parts", diff.len());
}

#[test]
fn grades_numbers() {
    let deals = number(15e9, Some("usd"), 0.0, "$15 billion");
    let mut n = check(
        &deals,
        &[
            ("15 billion", Correct),
            ("$15bn", Correct),
            ("15,000,000,000", Correct),
            ("15 bn dollars", Correct),
            ("fifteen billion", Correct),
            ("US$15 billion", Correct),
            ("$15 billion", Correct),
            ("15000000000", Correct),
            ("about $15 billion", Correct),
            ("exactly $15bn", Correct),
            ("over $15 billion", Correct),
            ("15 billion USD", Correct),
            ("15 billion US dollars", Correct),
            ("$15,000 million", Correct),
            ("$15 000 000 000", Correct),
            ("15.000.000.000 dollars", Correct),
            ("15,0 billion dollars", Correct),
            ("$15-billion", Correct),
            ("15-billion dollars", Correct),
            ("fifteen-billion", Correct),
            ("$15-million", Wrong),
            ("15.000 million dollars", Wrong),
            ("€15 billion", Wrong),
            ("15 billion euros", Wrong),
            ("£15bn", Wrong),
            ("15 billion rupees", Wrong),
            ("15 million", Wrong),
            ("$15 million", Wrong),
            ("16 billion", Wrong),
            ("$51 billion", Wrong),
            ("15", Wrong),
            ("fifteen", Wrong),
            ("billion", Wrong),
            ("lots", Wrong),
            ("", Wrong),
            ("🙂", Wrong),
            ("15 billion 🙂", Wrong),
        ],
    );
    let year = number(2019.0, None, 0.0, "2019");
    n += check(
        &year,
        &[
            ("2019", Correct),
            ("2,019", Correct),
            ("two thousand nineteen", Correct),
            ("2019.0", Correct),
            ("2091", Wrong),
            ("2018", Wrong),
            ("1e3", Wrong),
            ("20 19", Wrong),
        ],
    );
    let share = number(50.0, Some("percent"), 0.0, "50%");
    n += check(
        &share,
        &[
            ("50%", Correct),
            ("50 percent", Correct),
            ("50", Correct),
            ("fifty per cent", Correct),
            ("50pc", Correct),
            ("50 km", Wrong),
            ("0.5", Wrong),
            ("5%", Wrong),
        ],
    );
    let about = number(100.0, None, 5.0, "about 100");
    n += check(
        &about,
        &[
            ("97", Correct),
            ("105", Correct),
            ("a hundred", Correct),
            ("106", Wrong),
            ("-100", Wrong),
        ],
    );
    n += check(
        &number(-3.0, None, 0.0, "-3"),
        &[
            ("-3", Correct),
            ("\u{2212}3", Correct),
            ("3", Wrong),
            ("minus 3", Wrong),
        ],
    );
    let crore = number(5e9, Some("INR"), 0.0, "₹500 crore");
    n += check(
        &crore,
        &[
            ("500 crore", Correct),
            ("Rs 500 crore", Correct),
            ("₹500 crore", Correct),
            ("5 billion rupees", Correct),
            ("5,00,00,00,000", Correct),
            ("$500 crore", Wrong),
            ("50 crore", Wrong),
        ],
    );
    let euros = number(2.5e9, Some("eur"), 0.0, "€2.5 billion");
    n += check(
        &euros,
        &[
            ("€2.5 billion", Correct),
            ("2.5bn euros", Correct),
            ("2,500,000,000", Correct),
            ("two and a half billion euros", Correct),
            ("two and a half billion", Correct),
            ("2½ billion euros", Correct),
            ("€2 1/2 billion", Correct),
            ("2¼ billion euros", Wrong),
            ("2 1/25 billion", Wrong),
            ("two and a half million euros", Wrong),
            ("2,5 milliards", Wrong),
            ("$2.5 billion", Wrong),
            // The sign after the amount, as many Europeans write it.
            ("2.5 billion €", Correct),
            ("2,5 billion €", Correct),
            ("2.5bn€", Correct),
            ("2.5 bilion €", Close),
            ("2.5 billion $", Wrong),
            ("2.5 million €", Wrong),
        ],
    );
    assert_eq!(
        note(&euros, "2.5 billion $").as_deref(),
        Some("wrong currency: expected EUR")
    );
    n += check(
        &number(15.0, Some("usd"), 0.0, "$15"),
        &[("15 $", Correct), ("15$", Correct), ("15 £", Wrong)],
    );
    n += check(
        &number(15.0, Some("km"), 0.0, "15 km"),
        &[
            ("15 km", Correct),
            ("15 kilometres", Correct),
            ("15", Correct),
            ("15 miles", Wrong),
        ],
    );
    n += check(
        &number(f64::NAN, None, f64::NAN, "?"),
        &[("1", Wrong), ("NaN", Wrong)],
    );
    // A misspelt scale word is close when the amount it meant is the one asked.
    n += check(
        &deals,
        &[
            ("$15 bilion", Close),
            ("15 bilion dollars", Close),
            ("$15 billon", Close),
            ("15bilion", Close),
            ("fifteen bilion", Close),
            ("$15 Bilion", Close),
            ("$15 milion", Wrong),
            ("15 bilion euros", Wrong),
            ("$15 gazillion", Wrong),
            ("$15 bilion bilion", Wrong),
        ],
    );
    // An attached `m` is million, or for an answer without a unit a measure (metres): the
    // reading that answers wins, and money stays millions.
    let arch = number(503.0, None, 0.0, "503");
    n += check(
        &arch,
        &[
            ("503", Correct),
            ("503m", Correct),
            ("503M", Correct),
            ("503 m", Correct),
            ("503m ", Correct),
            ("503 metres", Correct),
            ("$503m", Wrong),
            ("503 million", Wrong),
            ("504m", Wrong),
            ("m", Wrong),
        ],
    );
    // Another unit of the same kind, converted exactly (QA: `1.2 km` for 1,200 metres).
    n += check(
        &number(1200.0, Some("metres"), 0.0, "1,200 metres"),
        &[
            ("1.2 km", Correct),
            ("1200 m", Correct),
            ("1.3 km", Wrong),
            ("1.2 kg", Wrong),
        ],
    ) + check(
        &number(151.0, Some("minutes"), 0.0, "151 minutes"),
        &[("151 min", Correct), ("2.5 hours", Wrong)],
    ) + check(
        &number(2.0, Some("hours"), 0.0, "2 hours"),
        &[("120 minutes", Correct), ("7200 seconds", Correct)],
    ) + check(
        &number(18.0, Some("km"), 0.0, "18 km"),
        &[("18000 m", Correct), ("18000m", Correct), ("18 m", Wrong)],
    );
    // Converted exactly, it is exact (review: "within the tolerance").
    assert_eq!(
        note(&number(18.0, Some("km"), 0.0, "18 km"), "18000 m"),
        None
    );
    // Minutes however written (QA).
    n += check(
        &number(19.0, Some("minutes"), 0.0, "19 minutes"),
        &[
            ("19 min", Correct),
            ("19min", Correct),
            ("19 mins.", Correct),
            ("19 minutes", Correct),
            ("19 hours", Wrong),
            ("19 seconds", Wrong),
        ],
    );
    // A card in metres, its unit written `m` or `metres`: every way of writing metres (QA).
    for unit in ["m", "metres", "meter"] {
        n += check(
            &number(503.0, Some(unit), 0.0, "503 m"),
            &[
                ("503", Correct),
                ("503m", Correct),
                ("503 m", Correct),
                ("503 metres", Correct),
                ("503 meters", Correct),
                ("503 km", Wrong),
                ("503 million", Wrong),
                ("$503m", Wrong),
                ("504 m", Wrong),
            ],
        );
    }
    n += check(
        &number(15e6, None, 0.0, "15 million"),
        &[
            ("15m", Correct),
            ("15 million", Correct),
            ("15-million", Correct),
            ("fifteen million", Correct),
            ("15", Wrong),
        ],
    );
    n += check(
        &number(15e6, Some("usd"), 0.0, "$15 million"),
        &[("$15m", Correct), ("15m", Correct), ("$15", Wrong)],
    );
    n += check(
        &number(15.0, Some("usd"), 0.0, "$15"),
        &[("$15", Correct), ("15m", Wrong), ("$15m", Wrong)],
    );
    let pounds = number(4.2e6, Some("gbp"), 0.0, "£4.2 million");
    n += check(
        &pounds,
        &[
            ("£4.2 million", Correct),
            ("£4.2 milion", Close),
            ("4.2 milion pounds", Close),
            ("4.2 millon", Close),
            ("£4.2 bilion", Wrong),
            ("$4.2 milion", Wrong),
            ("4.2 milion dollars", Wrong),
        ],
    );
    let millions = number(15e6, None, 0.0, "15 million");
    n += check(
        &millions,
        &[
            ("15 milion", Close),
            ("15 thousnd thousand", Close),
            ("15 bilion", Wrong),
            ("15 trilion", Wrong),
        ],
    );
    n += check(
        &crore,
        &[
            ("500 crroe", Close),
            ("Rs 500 corre", Close),
            ("500 crroe dollars", Wrong),
        ],
    );
    n += check(
        &number(5e5, None, 0.0, "5 lakh"),
        &[("5 lakh", Correct), ("5 lahk", Close), ("5 lakes", Wrong)],
    );
    assert!(n >= 60, "{n} number cases");

    assert_eq!(
        note(&deals, "€15 billion").as_deref(),
        Some("wrong currency: expected USD")
    );
    assert_eq!(
        note(&share, "50 km").as_deref(),
        Some("wrong unit: expected percent")
    );
    assert_eq!(
        note(&deals, "15 million").as_deref(),
        Some("wrong scale: check thousand, million or billion")
    );
    assert_eq!(
        note(&deals, "lots").as_deref(),
        Some("could not read a number")
    );
    assert_eq!(note(&year, "2091"), None);
    // Within the tolerance is correct, but the exact value is worth knowing.
    let eight = number(8.0, None, 1.0, "8");
    check(
        &eight,
        &[("8", Correct), ("7", Correct), ("9", Correct), ("6", Wrong)],
    );
    assert_eq!(note(&eight, "8"), None);
    assert_eq!(note(&eight, "eight"), None);
    assert_eq!(
        note(&eight, "7").as_deref(),
        Some("within the tolerance; exactly 8")
    );
    assert_eq!(
        note(&about, "97").as_deref(),
        Some("within the tolerance; exactly 100")
    );
    assert_eq!(
        note(&number(2.5, Some("km"), 0.5, "2.5 km"), "3 km").as_deref(),
        Some("within the tolerance; exactly 2.5 km")
    );
    assert_eq!(
        note(&number(503.0, None, 2.0, "503"), "504m").as_deref(),
        Some("m read as a unit, not as million; within the tolerance; exactly 503")
    );
    assert_eq!(
        note(&arch, "503m").as_deref(),
        Some("m read as a unit, not as million")
    );
    assert_eq!(
        note(&arch, "$503m").as_deref(),
        Some("wrong scale: check thousand, million or billion")
    );
    assert_eq!(
        note(&deals, "$15 bilion").as_deref(),
        Some("close: check the spelling of billion")
    );
    assert_eq!(
        note(&pounds, "4.2 milion pounds").as_deref(),
        Some("close: check the spelling of million")
    );
    assert_eq!(
        note(&millions, "15 thousnd thousand").as_deref(),
        Some("close: check the spelling of thousand")
    );
    // The respelt reading explains a wrong answer too: its scale, its currency.
    assert_eq!(
        note(&millions, "15 bilion").as_deref(),
        Some("wrong scale: check thousand, million or billion")
    );
    assert_eq!(
        note(&deals, "15 bilion euros").as_deref(),
        Some("wrong currency: expected USD")
    );
    // Only another currency is a wrong currency.
    assert_eq!(
        note(&deals, "15 billion troops").as_deref(),
        Some("wrong unit: expected USD")
    );
    assert_eq!(
        note(&deals, "$15 gazillion").as_deref(),
        Some("could not read a number")
    );
    assert!(grade_answer(&deals, "15 billion").diff.is_empty());
}

#[test]
fn grades_dates() {
    let march20 = when(DateValue::Full(date(2021, 3, 20)), true, "March 20, 2021");
    let mut n = check(
        &march20,
        &[
            ("March 20, 2021", Correct),
            ("20 March 2021", Correct),
            ("2021-03-20", Correct),
            ("20/3/2021", Correct),
            ("20/03/2021", Correct),
            ("Mar 20 2021", Correct),
            ("20th March 2021", Correct),
            ("Saturday, 20 March 2021", Correct),
            ("3/20/2021", Correct),
            ("2021", Wrong),
            ("March 21, 2021", Wrong),
            ("2021-03-02", Wrong),
            ("20/3/2012", Wrong),
            ("Sunday, 20 March 2021", Wrong),
            ("Saturday", Wrong),
            ("yesterday", Wrong),
            ("", Wrong),
        ],
    );
    n += check(
        &when(DateValue::Full(date(2021, 4, 3)), true, "3 April 2021"),
        &[("3/4/2021", Correct), ("4/3/2021", Wrong)],
    );
    n += check(
        &when(DateValue::Full(date(2021, 3, 4)), false, "March 4, 2021"),
        &[("3/4/2021", Correct), ("4/3/2021", Wrong)],
    );
    let year = when(DateValue::Year(2019), true, "2019");
    n += check(
        &year,
        &[
            ("2019", Correct),
            ("in 2019", Correct),
            ("March 20, 2019", Correct),
            ("2091", Wrong),
            ("1019", Wrong),
            ("19", Wrong),
            ("2019-2020", Wrong),
            // A month and year answer a year, and a year after `since`, `by` … is that year.
            ("March 2019", Correct),
            ("in Mar. 2019", Correct),
            ("since 2019", Correct),
            ("by 2019", Correct),
            ("from 2019", Correct),
            ("until 2019", Correct),
            ("around 2019", Correct),
            ("circa 2019", Correct),
            ("the year 2019", Correct),
            ("in the year 2019", Correct),
            ("the year 2018", Wrong),
            ("late 2019", Correct),
            ("2019-06", Correct),
            ("2018-06", Wrong),
            ("in early 2019", Correct),
            ("mid 2019", Correct),
            ("since March 20, 2019", Correct),
            ("March 2018", Wrong),
            ("since 2018", Wrong),
            ("March", Wrong),
            ("ever since 2019", Wrong),
        ],
    );
    let storm = when(DateValue::Year(1881), true, "1881");
    n += check(
        &storm,
        &[
            ("1881", Correct),
            ("12 January 1881", Correct),
            ("January 1881", Correct),
            ("January 1882", Wrong),
        ],
    );
    assert_eq!(
        note(&storm, "January 1881").as_deref(),
        Some("only the year was asked")
    );
    assert_eq!(note(&storm, "January 1882"), None);
    assert_eq!(note(&storm, "since 1881"), None);
    let saturday = when(DateValue::Weekday(Weekday::Saturday), true, "Saturday");
    n += check(
        &saturday,
        &[
            ("Saturday", Correct),
            ("sat", Correct),
            ("SAT.", Correct),
            ("saturday ", Correct),
            ("satur", Correct),
            ("Sunday", Wrong),
            ("Sat urday", Wrong),
            ("Saturdya", Close),
            ("saterday", Close),
            ("Sundya", Wrong),
            ("Thursdya", Wrong),
            ("sxyz", Wrong),
            // Naming the right day of the week answers the question; a date that comes with
            // it is more than was asked, as a full date is for a year: correct.
            ("Saturday, 20 March 2021", Correct),
            ("Saturday 20 March", Correct),
            ("sat 20/3", Correct),
            ("Saturday the 20th of March", Correct),
            ("Saturday 2021", Correct),
            // A time of day says no other day (QA).
            ("Saturday morning", Correct),
            ("Sunday morning", Wrong),
            // So does a day of the month alone (QA).
            ("Saturday 20th", Correct),
            ("Saturday the 20th", Correct),
            ("Saturday 45th", Wrong),
            ("Sunday the 20th", Wrong),
            ("Saturday 20st", Wrong),
            // The right date without the day of the week: the learner may have remembered the
            // date and not the day, which is what is asked: close, not correct.
            ("March 20, 2021", Close),
            ("20/3/2021", Close),
            // The right day of the week before a date that is another day: contradictory.
            ("Saturday, 21 March 2021", Close),
            ("Sunday, 21 March 2021", Wrong),
            ("Sunday 20 March", Wrong),
            ("March 21, 2021", Wrong),
            ("20 March", Wrong),
        ],
    );
    // A full date asked: the right day and month without the year is close; a year alone is
    // not an answer.
    let opening = when(DateValue::Full(date(1932, 3, 19)), true, "19 March 1932");
    n += check(
        &opening,
        &[
            ("19 March 1932", Correct),
            ("Saturday 19 March 1932", Correct),
            ("19 March", Close),
            ("March 19", Close),
            ("the 19th of March", Close),
            ("Mar. 19th", Close),
            ("19/3", Close),
            ("3/19", Close),
            ("Saturday 19 March", Close),
            ("Sunday 19 March", Wrong),
            ("20 March", Wrong),
            ("19 April", Wrong),
            ("3/20", Wrong),
            ("31 February", Wrong),
            ("1932", Wrong),
            ("1933", Wrong),
            ("March 1932", Wrong),
            ("April 1932", Wrong),
            ("since 19 March 1932", Correct),
            // A misspelt month is close when the date it meant is the one asked.
            ("19 Marhc 1932", Close),
            ("Marhc 19, 1932", Close),
            ("Saturday 19 Mrach 1932", Close),
            ("19 Marhc 1933", Wrong),
            ("20 Marhc 1932", Wrong),
            ("19 Aprli 1932", Wrong),
            ("19 Marhc", Wrong),
            ("Sunday 19 Marhc 1932", Wrong),
            ("19 Mrc 1932", Wrong),
        ],
    );
    assert_eq!(
        note(&opening, "19 Marhc 1932").as_deref(),
        Some("close: check the spelling")
    );
    assert!(!grade_answer(&opening, "19 Marhc 1932").diff.is_empty());
    assert_eq!(
        note(&opening, "19 Marhc 1933").as_deref(),
        Some("could not read a date")
    );
    let june = when(DateValue::Full(date(1932, 6, 19)), true, "19 June 1932");
    n += check(
        &june,
        &[
            ("19 Juen 1932", Close),
            // One typo from June and from July: not told apart.
            ("19 Jule 1932", Wrong),
        ],
    );
    n += check(
        &storm,
        &[
            ("Janaury 1881", Close),
            ("12 Janaury 1881", Close),
            ("Janaury 1882", Wrong),
        ],
    );
    assert_eq!(
        note(&opening, "March 1932").as_deref(),
        Some("the day is missing")
    );
    assert_eq!(
        note(&opening, "April 1932").as_deref(),
        Some("wrong month or year, and the day is missing")
    );
    assert_eq!(
        note(&saturday, "March 2021").as_deref(),
        Some("answer with a day of the week")
    );
    n += check(
        &when(DateValue::Full(date(1932, 3, 19)), false, "March 19, 1932"),
        &[("3/19", Close), ("19/3", Close), ("3/9", Wrong)],
    );
    n += check(
        &when(DateValue::Full(date(2020, 2, 29)), true, "29 February 2020"),
        &[("29 Feb", Close), ("29 February 2020", Correct)],
    );
    assert!(n >= 35, "{n} date cases");
    assert_eq!(
        note(&march20, "2021").as_deref(),
        Some("a year alone does not answer a full date: give the day and month too")
    );
    assert_eq!(
        note(&opening, "1932").as_deref(),
        Some("a year alone does not answer a full date: give the day and month too")
    );
    assert_eq!(
        note(&opening, "1933").as_deref(),
        Some("wrong year, and a year alone does not answer a full date")
    );
    assert_eq!(
        note(&opening, "19 March").as_deref(),
        Some("the year is missing")
    );
    assert_eq!(
        note(&opening, "20 March").as_deref(),
        Some("wrong day or month, and the year is missing")
    );
    assert_eq!(
        note(&opening, "Sunday 19 March").as_deref(),
        Some("the year is missing, and that day was not a Sunday")
    );
    assert_eq!(
        note(&year, "20 March").as_deref(),
        Some("answer with a year")
    );
    assert_eq!(
        note(&saturday, "March 21, 2021").as_deref(),
        Some("answer with a day of the week")
    );
    assert_eq!(
        note(&saturday, "20 March").as_deref(),
        Some("answer with a day of the week")
    );
    assert_eq!(
        note(&saturday, "March 20, 2021").as_deref(),
        Some("that date was a Saturday: answer with the day of the week")
    );
    assert_eq!(
        note(&saturday, "Saturday 20 March").as_deref(),
        Some("only the day of the week was asked")
    );
    assert_eq!(
        note(&saturday, "Saturday, 21 March 2021").as_deref(),
        Some("the day of the week is right, but that date was a Sunday")
    );
    assert_eq!(note(&saturday, "Sunday 20 March"), None);
    assert_eq!(
        note(&year, "March 20, 2019").as_deref(),
        Some("only the year was asked")
    );
    assert_eq!(
        note(&march20, "soon").as_deref(),
        Some("could not read a date")
    );
}

#[test]
fn grades_choices() {
    let single = choice(
        &[
            "Lloyd Austin",
            "Rajnath Singh",
            "Narendra Modi",
            "Antony Blinken",
        ],
        &[1],
    );
    let mut n = check(
        &single,
        &[
            ("b", Correct),
            ("B", Correct),
            ("(b)", Correct),
            ("b)", Correct),
            ("2", Correct),
            ("Rajnath Singh", Correct),
            ("rajnath singh", Correct),
            ("Rajnath Sing", Correct),
            ("a", Wrong),
            ("1", Wrong),
            ("Lloyd Austin", Wrong),
            ("e", Wrong),
            ("5", Wrong),
            ("0", Wrong),
            ("Singh", Wrong),
            ("b, c", Wrong),
            ("", Wrong),
        ],
    );
    let years = choice(&["1999", "2019", "2001", "2"], &[1]);
    n += check(
        &years,
        &[
            ("2019", Correct),
            ("b", Correct),
            ("2", Wrong),
            ("2091", Wrong),
        ],
    );
    let multi = choice(
        &["India", "United States", "China", "Russia", "Japan"],
        &[0, 1, 4],
    );
    n += check(
        &multi,
        &[
            ("a, b, e", Correct),
            ("a b e", Correct),
            ("abe", Correct),
            ("1, 2, 5", Correct),
            ("e, a, b", Correct),
            ("India, United States and Japan", Correct),
            ("India and Japan and United States", Correct),
            ("Inda, United States, Japan", Correct),
            ("a, b", Close),
            ("India; Japan", Close),
            ("a", Wrong),
            ("a, b, c", Wrong),
            ("a, b, e, c", Wrong),
            ("China", Wrong),
            ("a, b, zebra", Wrong),
            ("", Wrong),
        ],
    );
    // Option letters separated by spaces, in any order: a leading "a" is a letter here, not
    // an article.
    let a_and_c = choice(&["Oslo", "Bergen", "Paris", "Lyon", "Rome"], &[0, 2]);
    n += check(
        &a_and_c,
        &[
            ("a c", Correct),
            ("a  c", Correct),
            ("c a", Correct),
            ("A C", Correct),
            ("(a) (c)", Correct),
            ("a) c)", Correct),
            ("1 3", Correct),
            ("a 3", Correct),
            ("a,c", Correct),
            ("ac", Correct),
            ("a c a", Correct),
            ("a", Close),
            ("c", Close),
            ("a c d", Wrong),
            ("a f", Wrong),
            ("a b", Wrong),
            // Not only labels: read as text, where "a" is an article ("a Paris" is Paris).
            ("a Paris", Close),
            ("Oslo Paris", Correct),
        ],
    );
    n += check(
        &single,
        &[
            ("a b", Wrong),
            ("b a", Wrong),
            ("b b", Correct),
            ("a Rajnath Singh", Correct),
        ],
    );
    n += check(
        &choice(&["x", "y", "z"], &[0]),
        &[
            ("a", Correct),
            ("a.", Correct),
            ("(a)", Correct),
            ("1", Correct),
            ("a c", Wrong),
        ],
    );
    n += check(&choice(&["x", "y"], &[]), &[("a", Wrong)]);
    n += check(&choice(&["x", "y"], &[7]), &[("a", Wrong), ("h", Wrong)]);
    assert!(n >= 35, "{n} choice cases");

    assert_eq!(grade_answer(&single, "b").expected, "b) Rajnath Singh");
    assert_eq!(
        grade_answer(&multi, "a").expected,
        "a) India, b) United States, e) Japan"
    );
    assert_eq!(grade_answer(&multi, "a, b").partial, Some((2, 3)));
    assert_eq!(grade_answer(&multi, "a, b, c").partial, Some((2, 3)));
    assert_eq!(grade_answer(&multi, "a, b, e").partial, Some((3, 3)));
    assert_eq!(grade_answer(&single, "b").partial, None);
    assert_eq!(
        note(&multi, "a, b, c").as_deref(),
        Some("2 of 3 right, 1 wrong pick")
    );
    assert_eq!(
        note(&multi, "a, b").as_deref(),
        Some("partly right: 2 of 3")
    );
    assert_eq!(
        note(&single, "Rajnath Sing").as_deref(),
        Some("read as b) Rajnath Singh")
    );
    assert_eq!(
        note(&single, "c").as_deref(),
        Some("you chose c) Narendra Modi")
    );
    assert_eq!(
        note(&single, "b c").as_deref(),
        Some("one option is right: choose one")
    );
    assert_eq!(grade_answer(&a_and_c, "a c").partial, Some((2, 2)));
    assert_eq!(
        note(&a_and_c, "a c d").as_deref(),
        Some("2 of 2 right, 1 wrong pick")
    );
    // An option whose text reads as labels is picked by its text.
    let labels = choice(&["a b", "c d", "e"], &[0]);
    assert_eq!(grade_answer(&labels, "a b").outcome, Correct);
    assert_eq!(grade_answer(&labels, "a").outcome, Correct);
    assert_eq!(grade_answer(&labels, "a c").outcome, Wrong);
    let both = choice(&["a b", "x", "c d"], &[0, 1]);
    assert_eq!(grade_answer(&both, "a b, x").outcome, Correct);
    // Options named by a letter: `a c` is the labels a and c, not the option `C` (whose key
    // `a c` shares once its leading `a` is dropped as an article).
    // Options whose names hold `and`, listed with `and` between them.
    let and_names = choice(
        &[
            "Bosnia and Herzegovina",
            "Croatia",
            "Trinidad and Tobago",
            "Serbia",
        ],
        &[0, 1, 2],
    );
    let n = check(
        &and_names,
        &[
            (
                "Bosnia and Herzegovina and Croatia and Trinidad and Tobago",
                Correct,
            ),
            (
                "Croatia and Trinidad and Tobago, Bosnia and Herzegovina",
                Correct,
            ),
            ("Bosnia and Herzegovina and Croatia", Close),
            (
                "Bosnia and Herzegovina and Croatia and Trinidad and Tobago and Serbia",
                Wrong,
            ),
        ],
    );
    assert_eq!(n, 4);
    // A control character is a space to the key: `a\u{1}b` is `a b`, which drops `a` as an
    // article, so `a\u{1}b c` is the labels b and c.
    assert_eq!(
        grade_answer(&choice(&["x", "y", "z"], &[1, 2]), "a\u{1}b c").outcome,
        Correct
    );
    assert_eq!(
        note(&choice(&["x", "y", "z"], &[1]), "a\u{1}b c").as_deref(),
        Some("one option is right: choose one")
    );
    let lettered = choice(&["A", "B", "C", "D"], &[0, 2]);
    assert_eq!(grade_answer(&lettered, "a c").outcome, Correct);
    assert_eq!(grade_answer(&lettered, "c").outcome, Close);
}

#[test]
fn choices_take_the_other_names_of_their_options() {
    let with = |options: &[&str], correct: &[usize], aliases: &[&[&str]]| {
        let Answer::Choice {
            options, correct, ..
        } = choice(options, correct)
        else {
            unreachable!("a choice")
        };
        let aliases = aliases
            .iter()
            .map(|names| names.iter().map(|n| n.to_string()).collect())
            .collect();
        Answer::Choice {
            options,
            correct,
            aliases,
        }
    };
    let people = with(
        &["Rajnath Singh", "Lloyd Austin", "Antony Blinken"],
        &[1],
        &[&["Singh"], &["Austin", "Defense Secretary Austin"], &[]],
    );
    let n = check(
        &people,
        &[
            ("Austin", Correct),
            ("defense secretary austin", Correct),
            ("b", Correct),
            ("Singh", Wrong),
            ("Blinken", Wrong),
        ],
    );
    assert_eq!(n, 5);
    // A misspelt other name reads as its option, and says so.
    assert_eq!(grade_answer(&people, "Austn").outcome, Correct);
    assert_eq!(
        note(&people, "Austn").as_deref(),
        Some("read as b) Lloyd Austin")
    );
    assert_eq!(
        note(&people, "Singh").as_deref(),
        Some("you chose a) Rajnath Singh")
    );
    // The answer key lists the correct option's other names, and they grade correct.
    let accepted = people.accepted();
    assert!(
        accepted.contains(&"Defense Secretary Austin".to_string()),
        "{accepted:?}"
    );
    assert!(
        accepted
            .iter()
            .all(|form| grade_answer(&people, form).outcome == Correct)
    );
    // A name shared by two options names neither; an option's own text wins over another
    // option's alias.
    let shared = with(&["Ann Lee", "Bo Lee", "Lee"], &[0], &[&["Lee"], &["Lee"]]);
    assert_eq!(grade_answer(&shared, "Lee").outcome, Wrong);
    assert_eq!(note(&shared, "Lee").as_deref(), Some("you chose c) Lee"));
    let ambiguous = with(&["Ann Lee", "Bo Lee", "Cy"], &[0], &[&["Lee"], &["Lee"]]);
    assert_eq!(grade_answer(&ambiguous, "Lee").outcome, Wrong);
    assert_eq!(
        note(&ambiguous, "Lee").as_deref(),
        Some("`Lee` names more than one option: choose by letter or by the option's own name")
    );
    // With several correct options, a shared name is no pick, right or wrong.
    let pair = with(
        &["Ann Lee", "Bo Lee", "Cy"],
        &[0, 1],
        &[&["Lee"], &["Lee", "Bo"]],
    );
    assert_eq!(grade_answer(&pair, "Lee, Bo").outcome, Close);
    assert_eq!(
        note(&pair, "Lee, Bo").as_deref(),
        Some(
            "partly right: 1 of 2; `Lee` names more than one option: choose by letter or by the option's own name"
        )
    );
    assert_eq!(grade_answer(&pair, "Ann Lee, Bo").outcome, Correct);
    // Labels past the options may still be other names: `11` of three options.
    let mission = with(
        &["Gemini 4", "Apollo 11", "Apollo 13"],
        &[1],
        &[&[], &["11"], &[]],
    );
    assert_eq!(grade_answer(&mission, "11").outcome, Correct);
    assert!(mission.accepted().contains(&"11".to_string()));
    // One that is a label of an option is that label, and no accepted form.
    let vitamin = with(
        &["Vitamin A", "Vitamin C", "Vitamin D"],
        &[1],
        &[&[], &["C"], &[]],
    );
    assert_eq!(
        note(&vitamin, "C").as_deref(),
        Some("you chose c) Vitamin D")
    );
    assert!(!vitamin.accepted().contains(&"C".to_string()));
    // Neither is it in the answer key, which the self-test grades.
    assert!(!ambiguous.accepted().contains(&"Lee".to_string()));
    assert!(!shared.accepted().contains(&"Lee".to_string()));
    // Several correct options, named by their other names.
    let both = with(
        &["India", "Japan", "China"],
        &[0, 1],
        &[&["Bharat"], &["Nippon"]],
    );
    assert_eq!(grade_answer(&both, "Bharat, Nippon").outcome, Correct);
    assert_eq!(grade_answer(&both, "Bharat").outcome, Close);
}

/// Scandinavian currencies by name, and feet (QA: `9 billion Norwegian kroner` and `300 feet`
/// were wrong while the bare number was right).
#[test]
fn kroner_and_feet_are_read() {
    let nok = number(9e9, Some("nok"), 0.0, "NOK 9 billion");
    let n = check(
        &nok,
        &[
            ("9 billion Norwegian kroner", Correct),
            ("NOK 9 billion", Correct),
            ("9 billion", Correct),
            ("9 billion Danish kroner", Wrong),
            ("9 billion Swedish kronor", Wrong),
            // Crowns without their country (QA).
            ("9 billion kroner", Correct),
            ("9bn kr", Correct),
        ],
    );
    assert_eq!(n, 7);
    let tall = number(300.0, Some("ft"), 0.0, "300 ft");
    let n = check(
        &tall,
        &[
            ("300 feet", Correct),
            ("300ft", Correct),
            ("300 metres", Wrong),
        ],
    );
    assert_eq!(n, 3);
    // `foot` alone is no unit (`3,000 foot soldiers`).
    let soldiers = number(3000.0, None, 0.0, "3,000");
    assert_eq!(check(&soldiers, &[("3,000 foot soldiers", Correct)]), 1);
}

/// A unit joined to its number by a hyphen is its unit (QA: for `[6.4-mile](number)` the
/// key was `6.4-mile`, `6.4`, `6.4 -mile`, and `6.4 miles` was wrong); miles, and speeds, are
/// known units however they are spelt.
#[test]
fn hyphenated_units_and_miles_are_read() {
    // The answer as generation reads the span.
    let span = |value: &str| {
        let amount = number::parse(value).expect("an amount");
        number(amount.value, amount.unit.as_deref(), 0.0, value)
    };
    let road = span("6.4-mile");
    let mut n = check(
        &road,
        &[
            ("6.4 miles", Correct),
            ("6.4 mile", Correct),
            ("6.4mi", Correct),
            ("6.4 mi", Correct),
            ("6.4-mile", Correct),
            ("6.4 Miles", Correct),
            ("6.4", Correct),
            ("about 6.4 miles", Correct),
            ("6.4 km", Wrong),
            ("6.4 minutes", Wrong),
            ("6.4 mph", Wrong),
            ("64 miles", Wrong),
            ("6.5 miles", Wrong),
        ],
    );
    assert_eq!(road.accepted(), ["6.4-mile", "6.4", "6.4 mile"]);
    assert_eq!(
        note(&road, "6.4 km").as_deref(),
        Some("wrong unit: expected mile")
    );
    n += check(
        &span("40-minute"),
        &[
            ("40 minutes", Correct),
            ("40 min", Correct),
            ("40-minute", Correct),
            ("40", Correct),
            ("40 hours", Wrong),
            ("40 miles", Wrong),
        ],
    );
    n += check(
        &span("10-year"),
        &[
            ("10 years", Correct),
            ("10-year", Correct),
            ("10 year", Correct),
            ("10", Correct),
            ("10 months", Wrong),
            ("11 years", Wrong),
        ],
    );
    n += check(
        &span("50 mph"),
        &[
            ("50 mph", Correct),
            ("50mph", Correct),
            ("50 miles per hour", Correct),
            ("50 miles an hour", Correct),
            ("50 km/h", Wrong),
            ("50 miles", Wrong),
        ],
    );
    n += check(
        &span("80 km/h"),
        &[
            ("80 km/h", Correct),
            ("80 kph", Correct),
            ("80 kilometres per hour", Correct),
            ("80 km per hour", Correct),
            ("80 mph", Wrong),
            ("80 km", Wrong),
        ],
    );
    assert_eq!(n, 37);
    // A plain number asked before `-mile` (`a _____-mile road`) takes its unit, which the
    // prompt writes with it; elsewhere a measure is not the number asked.
    let asked = |prompt: &str| Question {
        id: "road/cloze/1".into(),
        deck: "d".into(),
        fact: Some("road".into()),
        origin: Origin::Cloze,
        prompt: prompt.into(),
        answer: number(6.4, None, 0.0, "6.4"),
        evidence: vec![],
        tags: vec![],
        span_answers: Vec::new(),
    };
    let road = asked("They walked a _____-mile road.");
    assert_eq!(grade(&road, "6.4 miles").outcome, Correct);
    assert_eq!(grade(&road, "6.4mi").outcome, Correct);
    assert_eq!(grade(&road, "6.4 km").outcome, Wrong);
    let delay = asked("It caused a _____-minute delay.");
    assert_eq!(grade(&delay, "6.4 minutes").outcome, Correct);
    assert_eq!(
        grade(&asked("They walked _____ times."), "6.4 miles").outcome,
        Wrong
    );
}

/// A duration in parts is one amount (`2 hours 40 minutes` is 160 minutes), typed or as the
/// answer; its parts are not (QA).
#[test]
fn a_duration_in_parts_is_one_amount() {
    let n = check(
        &number(160.0, Some("minutes"), 0.0, "160 minutes"),
        &[
            ("160 minutes", Correct),
            ("2 hours 40 minutes", Correct),
            ("2 h 40 min", Correct),
            ("2 hours and 40 minutes", Correct),
            ("2hrs 40mins", Correct),
            ("two hours and forty minutes", Correct),
            ("9600 seconds", Correct),
            ("40 minutes", Wrong),
            ("2 hours", Wrong),
            ("2 hours 20 minutes", Wrong),
            ("3 hours 40 minutes", Wrong),
        ],
    ) + check(
        &number(160.0, Some("minute"), 0.0, "2 hours 40 minutes"),
        &[
            ("2 hours 40 minutes", Correct),
            ("160 min", Correct),
            ("2 hours", Wrong),
        ],
    ) + check(
        &number(2.0, Some("hours"), 0.0, "2 hours"),
        &[("2 hours", Correct), ("2 hours 40 minutes", Wrong)],
    );
    assert_eq!(n, 16);
}

/// An option by its first words, when no other option starts so (QA: `Greyfield` for
/// `Greyfield Capital` was a wrong pick in a several-answer choice).
#[test]
fn choices_take_an_option_by_its_first_words() {
    let funders = choice(
        &[
            "Greyfield Capital",
            "Blue Fjord Watch",
            "Northern Development Bank",
        ],
        &[0],
    );
    let n = check(
        &funders,
        &[
            ("Greyfield", Correct),
            ("greyfield capital", Correct),
            ("Northern", Wrong),
            ("Northern Development", Wrong),
            ("Fjord", Wrong),
        ],
    );
    let several = choice(
        &[
            "Greyfield Capital",
            "Blue Fjord Watch",
            "Northern Development Bank",
        ],
        &[0, 2],
    );
    let n = n + check(
        &several,
        &[
            ("Greyfield, Northern Development Bank", Correct),
            ("Greyfield, Blue", Wrong),
        ],
    );
    // Two options start so: neither.
    let united = choice(&["United States", "United Kingdom", "India"], &[0]);
    let n = n + check(&united, &[("United", Wrong), ("United States", Correct)]);
    // Less than half the option, or a short word, is no answer (`New` for `New Delhi`).
    let delhi = choice(&["New Delhi", "Beijing", "European Investment Bank"], &[0]);
    let n = n + check(&delhi, &[("New", Wrong), ("European", Wrong)]);
    assert_eq!(n, 11);
}

/// Options whose keys are one, told apart by their currency (review: `$5` after `£5` was
/// taken for `£5`, and the choice rejected its own answer).
#[test]
fn options_of_one_key_are_told_apart_by_their_amount() {
    let money = choice(&["£5", "$5", "€50"], &[1]);
    let n = check(
        &money,
        &[
            ("$5", Correct),
            ("5 dollars", Correct),
            ("US$5", Correct),
            ("£5", Wrong),
            ("b", Correct),
        ],
    );
    assert_eq!(n, 5);
    let meaning = |text: &str| Meaning::new(&Reading::new(text), true);
    assert!(!meaning("$5").same(&meaning("£5")));
    assert!(meaning("$5").same(&meaning("5 dollars")));
    // A plain number beside one with a unit is typed alike: the same to a learner.
    assert!(meaning("10").same(&meaning("10%")));
}

#[test]
fn choices_take_an_option_by_its_value_written_otherwise() {
    let days = choice(&["Sunday", "Thursday", "Saturday", "Friday"], &[2]);
    let n = check(
        &days,
        &[
            ("Sat", Correct),
            ("Sat.", Correct),
            ("thu", Wrong),
            ("c", Correct),
        ],
    );
    assert_eq!(n, 4);
    assert_eq!(
        note(&days, "Thurs").as_deref(),
        Some("you chose b) Thursday")
    );
    // Metres written `m` pick the option in metres (QA).
    let length = choice(&["1200 m", "600 m", "2400 m"], &[0]);
    assert_eq!(grade_answer(&length, "1200m").outcome, Correct);
    assert_eq!(grade_answer(&length, "1200 metres").outcome, Correct);
    assert_eq!(grade_answer(&length, "600m").outcome, Wrong);
    let both = choice(&["Wednesday", "Thursday", "Friday"], &[1, 2]);
    assert_eq!(grade_answer(&both, "Thu, Fri").outcome, Correct);
    assert_eq!(grade_answer(&both, "Thu and Fri").outcome, Correct);
    let amounts = choice(&["$3 billion", "$15 billion", "$300 million"], &[0]);
    let n = check(
        &amounts,
        &[
            ("$3bn", Correct),
            ("3 bln", Correct),
            ("three billion dollars", Correct),
            ("0.3 billion", Wrong),
            // Keys drop the point between digits, and `3 million` is a near spelling: neither
            // is the amount.
            ("1.5 billion", Wrong),
            ("3 million", Wrong),
            // Another currency is another amount, though its key is the option's (QA).
            ("€3 billion", Wrong),
            ("₹3 billion", Wrong),
            ("3 billion", Correct),
        ],
    );
    assert_eq!(n, 9);
    // A misspelt scale word is still a misspelling of the option.
    assert_eq!(
        note(&amounts, "$3 bilion").as_deref(),
        Some("read as a) $3 billion")
    );
    // Two options of one value, or a date that reads two ways: none picked.
    let twice = choice(&["$3 billion", "3,000 million dollars", "$5 billion"], &[0]);
    assert_eq!(grade_answer(&twice, "3bn").outcome, Wrong);
    let dates = choice(&["3 April 2021", "4 March 2021"], &[0]);
    assert_eq!(grade_answer(&dates, "3/4/2021").outcome, Wrong);
    assert_eq!(grade_answer(&dates, "April 3, 2021").outcome, Correct);
}

#[test]
fn text_answers_survive_an_empty_key() {
    // Not a deck's (the loader rejects empty answers), but the grader is public: no panic.
    let empty = text(&[], &["Lloyd Austin"]);
    for typed in ["Lloyd Austin", "", "x"] {
        assert_eq!(grade_answer(&empty, typed).outcome, Wrong, "{typed}");
    }
}

#[test]
fn long_answers_have_no_typos_only_exact_matches() {
    // Typos are looked for up to a length only: a paragraph typed against a paragraph is
    // exact or not, never an edit distance costing the product of their lengths.
    let short = "a".repeat(text::MAX_TYPO_CHARS);
    assert_eq!(
        text::typo_distance(&short, &format!("{short}b")[1..], 40),
        Some(1)
    );
    let long = "a".repeat(text::MAX_TYPO_CHARS + 1);
    assert_eq!(
        text::typo_distance(&long, &format!("{long}b")[1..], 40),
        None
    );
    let paragraph = "word ".repeat(5_000);
    let items = list(&[paragraph.as_str(), "India", "Japan"], false);
    let typed = format!("{}, India, Japan", "other ".repeat(5_000));
    assert_eq!(grade_answer(&items, &typed).outcome, Wrong);
    let exact = format!("{paragraph}, India, Japan");
    assert_eq!(grade_answer(&items, &exact).outcome, Correct);
}

#[test]
fn grades_true_false() {
    let yes = Answer::TrueFalse { value: true };
    let no = Answer::TrueFalse { value: false };
    let mut n = check(
        &yes,
        &[
            ("true", Correct),
            ("True", Correct),
            ("t", Correct),
            ("T.", Correct),
            ("yes", Correct),
            ("y", Correct),
            (" TRUE ", Correct),
            ("false", Wrong),
            ("f", Wrong),
            ("no", Wrong),
            ("n", Wrong),
            ("maybe", Wrong),
            ("tru", Wrong),
            ("1", Wrong),
            ("", Wrong),
        ],
    );
    n += check(
        &no,
        &[
            ("false", Correct),
            ("F", Correct),
            ("no", Correct),
            ("No!", Correct),
            ("true", Wrong),
            ("yes", Wrong),
            // Their usual slips and casual forms (QA).
            ("fasle", Correct),
            ("nope", Correct),
            ("ture", Wrong),
            ("yeah", Wrong),
        ],
    );
    assert!(n >= 20);
    assert_eq!(note(&yes, "maybe").as_deref(), Some("answer true or false"));
    assert_eq!(grade_answer(&no, "x").expected, "false");
}

#[test]
fn grades_lists() {
    let quad = list(&["India", "United States", "Japan", "Australia"], false);
    let mut n = check(
        &quad,
        &[
            ("India, United States, Japan, Australia", Correct),
            ("Australia, Japan, India, United States", Correct),
            ("India; Japan; Australia; United States", Correct),
            ("India, Japan, Australia and the United States", Correct),
            ("India, Japan, Australia, and United States", Correct),
            ("India\nJapan\nAustralia\nUnited States", Correct),
            ("Inda, Japan, Australia, United States", Close),
            ("India, Japan, Australia", Close),
            ("India, Japan, Australia, United States, China", Close),
            // Every item among several wrong ones is no knowledge of the list (QA).
            (
                "India, Japan, Australia, United States, China, Russia",
                Wrong,
            ),
            ("India, Japan", Wrong),
            ("India, Japan, Australia, China", Wrong),
            ("India, India, India, India", Wrong),
            ("India, India, Japan, Australia", Close),
            ("India, Japan, Australia, United States, India", Close),
            ("China", Wrong),
            ("", Wrong),
            ("India United States Japan Australia", Correct),
            ("the United States India Japan Australia", Correct),
            ("India Japan Australia", Close),
            // A misspelt item among words alone cannot be told from two.
            ("India Japan Autralia United States", Wrong),
        ],
    );
    let planets = list(&["Mercury", "Venus", "Earth", "Mars"], true);
    n += check(
        &planets,
        &[
            ("Mercury, Venus, Earth, Mars", Correct),
            // Words alone, when each item is one of them exactly (QA).
            ("mercury venus earth mars", Correct),
            ("mercury venus mars earth", Close),
            ("Mercury, Venus, Earth", Close),
            ("Mercury, Venus, Eath, Mars", Close),
            // Two neighbours swapped is nearly the order; more is not.
            ("Venus, Mercury, Earth, Mars", Close),
            ("Mercury, Venus, Mars, Earth", Close),
            ("Mars, Earth, Venus, Mercury", Wrong),
            ("Venus, Mercury, Mars, Earth", Wrong),
        ],
    );
    let caribbean = list(&["Trinidad and Tobago", "Jamaica"], false);
    n += check(
        &caribbean,
        &[
            ("Trinidad and Tobago, Jamaica", Correct),
            ("Jamaica and Trinidad and Tobago", Correct),
            ("Jamaica & Trinidad and Tobago", Correct),
            ("Jamaica, Trinidad", Wrong),
        ],
    );
    n += check(&list(&[], false), &[("a", Wrong)]);
    assert!(n >= 25);

    assert_eq!(grade_answer(&quad, "India, Japan").partial, Some((2, 4)));
    assert_eq!(
        grade_answer(&quad, "India").expected,
        "India, United States, Japan, Australia"
    );
    assert_eq!(
        note(&planets, "Venus, Mercury, Earth, Mars").as_deref(),
        Some("right items, wrong order")
    );
    assert_eq!(
        note(&quad, "India, Japan, Australia, China").as_deref(),
        Some("1 missing, 1 not in the list")
    );
    // An item half remembered is an attempt at a missing one, not an item not in the list.
    let focus = list(
        &[
            "military-to-military engagement",
            "information sharing",
            "cooperation in emerging sectors of defense",
            "mutual logistics support",
        ],
        false,
    );
    let typed = "military-to-military engagement, information sharing, mutual logistics support, emerging sectors of defence";
    assert_eq!(grade_answer(&focus, typed).outcome, Close);
    assert_eq!(note(&focus, typed).as_deref(), Some("1 partly right"));
    // Two shared words at least, half of each side: one word in common is no attempt
    // (`United Kingdom` for the United States, a surname alone).
    let opened = list(&["Jack Lang", "Francis de Groot"], false);
    assert_eq!(grade_answer(&opened, "Lang, de Groot").outcome, Wrong);
    assert_eq!(
        note(&opened, "Lang, de Groot").as_deref(),
        Some("2 missing, 2 not in the list")
    );
    let typed = "Australia, India, Japan, United Kingdom";
    assert_eq!(grade_answer(&quad, typed).outcome, Wrong);
    assert_eq!(
        note(&quad, typed).as_deref(),
        Some("1 missing, 1 not in the list")
    );
    let focus_typed = "military-to-military engagement, information sharing, mutual logistics support, emerging markets";
    assert_eq!(grade_answer(&focus, focus_typed).outcome, Wrong);
    // Two items right and two half remembered: close (QA: wrong), each half counting half.
    let typed = "military to military engagement, information-sharing, emerging sectors of defence, logistics support";
    assert_eq!(grade_answer(&focus, typed).outcome, Close);
    assert_eq!(note(&focus, typed).as_deref(), Some("2 partly right"));
    // One item half remembered twice is not two halves (review).
    let leaders = list(
        &[
            "Rajnath Singh",
            "Lloyd Austin",
            "Narendra Modi",
            "Joe Biden",
        ],
        false,
    );
    let typed =
        "Rajnath Singh, Lloyd Austin, Narendra Damodardas Modi Ji, Narendra Damodardas Modi Ji";
    assert_eq!(grade_answer(&leaders, typed).outcome, Wrong);
    // Two items have no order but the other one.
    let pair = list(&["Mercury", "Venus"], true);
    assert_eq!(grade_answer(&pair, "Venus, Mercury").outcome, Wrong);
    // Two typed pieces of one item attempt it once; a missing item is one not attempted at
    // all, so one partly right is not also missing.
    let typed = "military-to-military engagement, information sharing, emerging sectors, sectors of defense";
    assert_eq!(
        note(&focus, typed).as_deref(),
        Some("1 missing, 2 partly right")
    );
    assert_eq!(
        note(&quad, "India, India, Japan, Australia").as_deref(),
        Some("1 missing, India given twice")
    );
    assert_eq!(
        note(
            &quad,
            "India, Japan, India, Australia, United States, India"
        )
        .as_deref(),
        Some("India given 3 times")
    );
}

#[test]
fn grades_a_question() {
    let question = Question {
        id: "defense/cloze/1".into(),
        deck: "defense".into(),
        fact: Some("defense".into()),
        origin: Origin::Cloze,
        prompt: "On Saturday ___ met Rajnath Singh.".into(),
        answer: text(&["Lloyd Austin", "Austin"], &["Rajnath Singh"]),
        evidence: vec![],
        tags: vec![],
        span_answers: Vec::new(),
    };
    let verdict = grade(&question, "lloyd austin");
    assert_eq!(verdict.outcome, Correct);
    assert_eq!(verdict.rating, Rating::Good);
    assert_eq!(grade(&question, "Loyd Austin").rating, Rating::Hard);
    assert_eq!(grade(&question, "Rajnath Singh").rating, Rating::Again);
    assert_eq!(Outcome::Close.name(), "close");
}

#[test]
fn huge_and_odd_input_is_wrong_not_slow() {
    let quad = list(&["India", "United States", "Japan", "Australia"], false);
    let ands = format!("x{}", " and".repeat(100_000));
    assert_eq!(
        grade_answer(&quad, &ands).note.as_deref(),
        Some("too long for this list")
    );
    let answers = all_kinds();
    let huge = "lloyd austin, 15 billion and ".repeat(20_000);
    for answer in &answers {
        assert_eq!(grade_answer(answer, &huge).outcome, Wrong, "{answer:?}");
        assert_eq!(grade_answer(answer, "\u{202E}\u{0}\u{FEFF}").outcome, Wrong);
    }
}

fn all_kinds() -> Vec<Answer> {
    vec![
        text(&["Lloyd Austin", "Austin"], &["Rajnath Singh"]),
        number(15e9, Some("usd"), 0.0, "$15 billion"),
        when(DateValue::Full(date(2021, 3, 20)), true, "March 20, 2021"),
        when(DateValue::Weekday(Weekday::Saturday), true, "Saturday"),
        choice(&["a", "b", "c"], &[1]),
        choice(&["India", "Japan", "China"], &[0, 1]),
        Answer::TrueFalse { value: true },
        list(&["India", "Japan"], false),
        list(&["one", "two"], true),
    ]
}

proptest! {
    /// The shortcut of [`label_picks`] changes nothing: labels, words, punctuation, spaces,
    /// tabs, control bytes and accents run together.
    #[test]
    fn label_picks_shortcut_picks_as_without(
        typed in "[abcAB12 ()\\.\t\u{1}\u{b}é]{0,12}",
        options in proptest::collection::vec("[abAB12 ()é]{0,4}", 0..5),
    ) {
        prop_assert_eq!(label_picks(&options, &typed), labels_of(&options, &typed));
    }

    #[test]
    fn grade_never_panics(typed in any::<String>(), kind in 0usize..9) {
        let answer = &all_kinds()[kind];
        let verdict = grade_answer(answer, &typed);
        prop_assert_eq!(verdict.rating, verdict.outcome.rating());
    }

    #[test]
    fn grade_never_panics_on_answer_like_text(
        typed in "[a-zA-Z0-9 ,;&$€.()\\-]{0,60}",
        kind in 0usize..9,
    ) {
        let _ = grade_answer(&all_kinds()[kind], &typed);
    }

    /// [`accepts`] is the grader's "correct", decided without the verdict.
    #[test]
    fn accepts_is_a_correct_grade(
        typed in "[a-zA-Z0-9 ,;&$€.()/\\-]{0,40}",
        kind in 0usize..9,
    ) {
        let answer = &all_kinds()[kind];
        let correct = grade_answer(answer, &typed).outcome == Correct;
        prop_assert_eq!(accepts(answer, &typed), correct);
        for form in answer.accepted() {
            prop_assert_eq!(accepts(answer, &form), grade_answer(answer, &form).outcome == Correct);
        }
        // One reading, graded against every kind (its amount and dates are read once).
        let reading = Reading::new(&typed);
        for answer in all_kinds() {
            let accepted = accepts(&answer, &typed);
            prop_assert_eq!(KeyedAnswer::new(answer).accepts(&reading), accepted);
        }
    }

    #[test]
    fn an_accepted_answer_is_correct(name in "[A-Za-z][a-z]{0,12}( [A-Z][a-z]{1,12}){0,2}") {
        let answer = text(&[&name], &["Somebody Else"]);
        prop_assume!(!text::equivalent(&name, "Somebody Else"));
        prop_assert_eq!(grade_answer(&answer, &name).outcome, Correct);
        prop_assert_eq!(grade_answer(&answer, &name.to_uppercase()).outcome, Correct);
    }
}

#[test]
fn list_items_accept_their_aliases() {
    let quad = Answer::List {
        items: ["Australia", "India", "Japan", "United States"]
            .map(String::from)
            .to_vec(),
        ordered: false,
        aliases: vec![vec![], vec![], vec![], vec!["US".into(), "USA".into()]],
    };
    let n = check(
        &quad,
        &[
            ("US, India, Japan, Australia", Correct),
            ("japan, USA, india and australia", Correct),
            ("Austrlia, India, Japan, US", Close),
            ("India, Japan, Australia", Close),
            // Two names of one item answer it once: three of four, one given twice.
            ("US, USA, India, Japan", Close),
            ("China, India, Japan, US", Wrong),
        ],
    );
    assert_eq!(n, 6);
    assert_eq!(
        note(&quad, "US, USA, India, Japan").as_deref(),
        Some("1 missing, United States given twice")
    );
}

/// What a text key must keep reading as one answer (a change that kept the point between
/// digits and dropped the word `and` broke each of these, and was withdrawn).
#[test]
fn keys_ignore_spacing_and_separators_between_digits() {
    let n = check(
        &text(&["Trinidad and Tobago"], &["Jamaica"]),
        &[
            ("trinidadandtobago", Correct),
            ("Trinidad andTobago", Correct),
            ("Trinidad adn Tobago", Close),
        ],
    ) + check(
        &text(&["9:30"], &[]),
        &[("9.30", Correct), ("9 30", Correct)],
    ) + check(&text(&["John 3:16"], &[]), &[("John 3.16", Correct)])
        + check(&text(&["and/or"], &[]), &[("or", Wrong)]);
    assert_eq!(n, 7);
    let picks = choice(&["1", "3", "13", "31"], &[0, 1]);
    assert_eq!(grade_answer(&picks, "1 and 3").outcome, Correct);
    let fruit = choice(&["Apple", "Banana", "Cherry", "Date"], &[2]);
    assert_eq!(grade_answer(&fruit, "a and c").outcome, Wrong);
    let words = choice(&["and", "but", "or", "and/or"], &[3]);
    assert_eq!(grade_answer(&words, "and/or").outcome, Correct);
}

/// The key keeps no separators, but a text answer keeps where its digits break: `31` is
/// another number than `3.1`. What separates them may differ, and a thousands group is no
/// break.
#[test]
fn digits_broken_elsewhere_are_close_not_correct() {
    let n = check(
        &text(&["Windows 3.1"], &["Windows 95"]),
        &[
            ("Windows 3.1", Correct),
            ("windows 3,1", Correct),
            ("Windows 3 1", Correct),
            ("Windows 31", Close),
            ("Windows 311", Wrong),
            ("Windows 95", Wrong),
        ],
    ) + check(
        &text(&["1,000 Islands"], &[]),
        &[
            ("1000 islands", Correct),
            ("1 000 Islands", Correct),
            ("1.000 islands", Correct),
            ("1,0,00 islands", Close),
        ],
    ) + check(&text(&["9:30"], &[]), &[("9.30", Correct), ("930", Close)])
        // An alias written with the other break is accepted as that alias.
        + check(
            &text(&["Windows 3.1", "Windows 31"], &[]),
            &[("Windows 31", Correct), ("Windows 3.1", Correct)],
        );
    // The deck names both: the other is another name, always wrong (review).
    let n =
        n + check(
            &text(
                &["Windows 3.1"],
                &["Windows 3.1", "Windows 31", "Windows 95"],
            ),
            &[("Windows 31", Wrong), ("Windows 3.1", Correct)],
        ) + check(
            &text(&["Windows 31"], &["Windows 3.1", "Windows 31"]),
            &[("Windows 3.1", Wrong), ("Windows 31", Correct)],
        );
    assert_eq!(n, 18);
    assert_eq!(
        note(&text(&["Windows 3.1"], &[]), "Windows 31").as_deref(),
        Some("close: mind where the digits break (Windows 3.1)")
    );
    // Generation keeps such a value out of the options and swaps of the answer.
    let keyed = KeyedAnswer::new(text(&["Windows 3.1"], &[]));
    assert!(!keyed.accepts(&Reading::new("Windows 31")));
    assert!(keyed.rules_out(&Reading::new("Windows 31")));
    assert!(!keyed.rules_out(&Reading::new("Windows 95")));
}

/// An answer said with more words around it is close, not wrong (QA: `United States of
/// America` was wrong where `US` was right); one that also names another thing of the deck
/// apart from it is wrong.
#[test]
fn more_than_the_answer_is_close() {
    let us = text(
        &["United States", "US", "America"],
        &["India", "China", "Joe Biden", "United States"],
    );
    let n = check(
        &us,
        &[
            ("United States of America", Close),
            ("the United States government", Close),
            ("United States and India", Wrong),
            ("India, then the United States", Wrong),
            // Another thing, or several (review).
            ("United States and the UK", Wrong),
            ("United States or Canada", Wrong),
            ("not the United States", Wrong),
            // However capitalised (review: a capital rule made these wrong).
            ("United States Of America", Close),
            ("UNITED STATES OF AMERICA", Close),
            ("the United States, Canada", Wrong),
            ("former United States", Wrong),
            ("States", Wrong),
            ("United", Wrong),
        ],
    ) + check(
        &text(&["Biden administration"], &["Joe Biden", "Narendra Modi"]),
        &[
            ("Joe Biden administration", Close),
            ("Biden administration", Correct),
            ("Narendra Modi administration", Wrong),
            ("Biden administration and Narendra Modi", Wrong),
        ],
    );
    let president = text(&["President"], &[]);
    let n = n + check(
        &president,
        &[
            ("Vice President", Wrong),
            ("former President", Wrong),
            ("the President", Correct),
            ("President of the country", Close),
        ],
    );
    assert_eq!(n, 21);
    assert_eq!(
        note(&us, "United States of America").as_deref(),
        Some("close: more than the answer, United States")
    );
}

/// An amount typed with a bound the other way round from the fact's is wrong (QA: `less than
/// $3 billion` was right where the fact says `more than $3 billion`); the same bound, none, or
/// `about` is as the amount alone.
#[test]
fn a_bound_against_the_facts_is_wrong() {
    let asked = |prompt: &str, display: &str| Question {
        id: "deals/cloze/1".into(),
        deck: "d".into(),
        fact: Some("deals".into()),
        origin: Origin::Cloze,
        prompt: prompt.into(),
        answer: number(3e9, Some("usd"), 0.0, display),
        evidence: vec![],
        tags: vec![],
        span_answers: Vec::new(),
    };
    let more = asked("Deals were worth more than _____ in 2019.", "$3 billion");
    let inside = asked("Deals were worth _____ in 2019.", "more than $3 billion");
    let plain = asked("Deals were worth _____ in 2019.", "$3 billion");
    // Where the fact gives the amount itself (the third), a bound either way is close: it
    // leaves the amount out (QA).
    let cases = [
        ("$3 billion", [Correct, Correct, Correct]),
        ("more than $3bn", [Correct, Correct, Close]),
        ("over $3 billion", [Correct, Correct, Close]),
        ("about $3 billion", [Correct, Correct, Correct]),
        ("less than $3 billion", [Wrong, Wrong, Close]),
        ("under 3 billion dollars", [Wrong, Wrong, Close]),
        ("up to $3bn", [Wrong, Wrong, Close]),
        ("nearly $3 billion", [Wrong, Wrong, Close]),
        ("almost $3bn", [Wrong, Wrong, Close]),
        ("less than $4 billion", [Wrong, Wrong, Wrong]),
        ("exceeding $3 billion", [Correct, Correct, Close]),
        ("a little over $3bn", [Correct, Correct, Close]),
        ("a little under $3bn", [Wrong, Wrong, Close]),
    ];
    for (typed, outcomes) in cases {
        for (question, outcome) in [&more, &inside, &plain].into_iter().zip(outcomes) {
            assert_eq!(
                grade(question, typed).outcome,
                outcome,
                "{typed:?} for {:?} / {:?}",
                question.prompt,
                question.answer
            );
        }
    }
    assert_eq!(
        grade(&more, "less than $3 billion").note.as_deref(),
        Some("the fact says more than $3 billion")
    );
    assert_eq!(
        grade(&inside, "under $3bn").note.as_deref(),
        Some("the fact says more than $3 billion")
    );
    // A choice picked by its amount with a bound is held to the fact the same way (QA).
    let picked = |prompt: &str| Question {
        origin: Origin::Choice,
        answer: choice(&["$3 billion", "$15 billion", "$300 million"], &[0]),
        ..asked(prompt, "")
    };
    let more_choice = picked("Deals were worth more than _____ in 2019.");
    let exact_choice = picked("Deals were worth _____ in 2019.");
    assert_eq!(grade(&more_choice, "less than $3 billion").outcome, Wrong);
    assert_eq!(grade(&more_choice, "over $3bn").outcome, Correct);
    assert_eq!(grade(&more_choice, "a").outcome, Correct);
    assert_eq!(grade(&exact_choice, "less than $3bn").outcome, Close);
    // A reverse question (no blank) reads the bound before the amount in its evidence.
    let reverse = Question {
        origin: Origin::Reverse,
        evidence: vec!["defense deals reaching over $3 billion in 2019".into()],
        ..asked("What were the deals worth?", "$3 billion")
    };
    assert_eq!(grade(&reverse, "less than $3bn").outcome, Wrong);
    // A plain number is not money or a percentage, unless the question or its evidence says
    // it so (QA: `$60,000` answered 60,000 vehicles).
    let count = |prompt: &str, evidence: &str| Question {
        prompt: prompt.into(),
        answer: number(60_000.0, None, 0.0, "60,000"),
        evidence: vec![evidence.into()],
        ..asked("", "")
    };
    let vehicles = count(
        "It carries _____ vehicles a day.",
        "carries 60,000 vehicles",
    );
    assert_eq!(grade(&vehicles, "60,000").outcome, Correct);
    assert_eq!(grade(&vehicles, "60,000 vehicles").outcome, Correct);
    assert_eq!(grade(&vehicles, "$60,000").outcome, Wrong);
    assert_eq!(grade(&vehicles, "60,000%").outcome, Wrong);
    assert_eq!(grade(&vehicles, "60,000 km").outcome, Wrong);
    assert_eq!(grade(&vehicles, "60,000 a day").outcome, Correct);
    let long = count("The bridge is _____ metres long.", "a bridge");
    assert_eq!(grade(&long, "60,000 m").outcome, Correct);
    assert_eq!(grade(&long, "60,000 metres").outcome, Correct);
    assert_eq!(
        grade(&vehicles, "£60,000").note.as_deref(),
        Some("the answer is a number, not an amount in GBP")
    );
    let share = count("The share rose to _____%.", "rose to 60,000");
    assert_eq!(grade(&share, "60,000%").outcome, Correct);
    let paid = count("It paid _____.", "it paid $60,000");
    assert_eq!(grade(&paid, "$60,000").outcome, Correct);
    assert_eq!(grade(&reverse, "$3bn").outcome, Correct);
    // Whole words only: `Moreover` and `overall` are no bounds.
    assert_eq!(number::trailing_bound("Moreover "), None);
    assert_eq!(number::leading_bound("overall 3"), None);
    assert_eq!(number::leading_bound("<3"), Some(number::Bound::Below));
    assert_eq!(number::leading_bound("not nearly 40"), None);
    assert_eq!(
        number::trailing_bound("no more than "),
        Some(number::Bound::Below)
    );
    // Negated, a bound turns the other way (review: `no less than` read as less than).
    for (words, bound) in [
        ("no less than", number::Bound::Above),
        ("not more than", number::Bound::Below),
        ("no fewer than", number::Bound::Above),
        ("not over", number::Bound::Below),
        ("not under", number::Bound::Above),
    ] {
        assert_eq!(
            number::trailing_bound(&format!("was {words} ")),
            Some(bound),
            "{words}"
        );
        assert_eq!(
            number::leading_bound(&format!("{words} 40")),
            Some(bound),
            "{words}"
        );
    }
    let floor = asked("The deals were worth no less than _____.", "$3 billion");
    assert_eq!(grade(&floor, "at least $3bn").outcome, Correct);
    assert_eq!(grade(&floor, "more than $3bn").outcome, Correct);
    assert_eq!(grade(&floor, "less than $3bn").outcome, Wrong);
    assert_eq!(grade(&floor, "not less than $3bn").outcome, Correct);
}

/// British and American spellings are one answer, either way round, and the note says how the
/// deck spells it; a misspelling of either is still close, and a word that only looks like
/// one is another word.
#[test]
fn british_and_american_spellings_are_one_answer() {
    let n = check(
        &text(&["major defense partnership"], &[]),
        &[
            ("major defence partnership", Correct),
            ("Major Defence Partnership", Correct),
            ("major defanse partnership", Close),
            ("minor defence partnership", Wrong),
        ],
    ) + check(
        &text(&["Shanghai Cooperation Organisation"], &[]),
        &[
            ("Shanghai Cooperation Organization", Correct),
            ("Shanghai Cooperation Organizaton", Close),
        ],
    ) + check(
        &text(&["harbour master"], &[]),
        &[("harbor master", Correct), ("harbor masters", Close)],
    ) + check(
        &text(&["theatre"], &[]),
        &[("theater", Correct), ("theatre", Correct)],
    ) + check(&text(&["four"], &[]), &[("for", Wrong)])
        + check(&text(&["timbre"], &[]), &[("timber", Close)]);
    assert_eq!(n, 12);
    let verdict = grade_answer(&text(&["colour"], &[]), "color");
    assert_eq!(verdict.note.as_deref(), Some("accepted: spelt colour here"));
    let verdict = grade_answer(&text(&["colour"], &[]), "Colour!");
    assert_eq!(verdict.note, None, "the same spelling has no note");
}

/// A different word in the answer's place is wrong, not a misspelling (QA): the typo rule
/// goes word by word.
#[test]
fn another_word_is_no_typo() {
    let n = check(
        &text(&["major defense partnership"], &[]),
        &[
            ("majr defense partnership", Close),
            ("minor defense partnership", Wrong),
        ],
    ) + check(
        &text(&["Asian Development Bank"], &[]),
        &[
            ("Asian Developement Bank", Close),
            ("African Development Bank", Wrong),
        ],
    ) + check(
        &text(&["Australia"], &[]),
        &[("Austrailia", Close), ("Austria", Wrong)],
    ) + check(&text(&["NASA"], &[]), &[("NSA", Wrong), ("NAAS", Close)])
        + check(
            &text(&["Russia"], &[]),
            &[("Prussia", Wrong), ("Rusia", Close)],
        )
        + check(
            &text(&["Eastwick"], &[]),
            &[("Westwick", Wrong), ("Eastwik", Close)],
        )
        + check(&text(&["Ünal"], &[]), &[("Onal", Close), ("Unal", Correct)]);
    assert_eq!(n, 14);
    assert!(text::word_typos("LloydAustin", "Lloyd Austin"));
}

/// The right day of the week with a date that is not the fact's is close, not correct (QA:
/// `Friday 20 March` was right for a Friday that was the 19th); the fact's date comes from the
/// prompt or the evidence.
#[test]
fn a_weekday_with_another_date_is_close() {
    let met = |prompt: &str, evidence: &str| Question {
        id: "met/cloze/1".into(),
        deck: "d".into(),
        fact: Some("met".into()),
        origin: Origin::Cloze,
        prompt: prompt.into(),
        answer: when(DateValue::Weekday(Weekday::Friday), true, "Friday"),
        evidence: vec![evidence.into()],
        tags: vec![],
        span_answers: Vec::new(),
    };
    let from_evidence = met(
        "Modi met Austin on _____.",
        "on Friday, 19 March 2021, Modi",
    );
    let from_prompt = met("The vote was on _____, 19 March 2021.", "the vote");
    let unknown = met("Modi met Austin on _____.", "Modi met Austin");
    for question in [&from_evidence, &from_prompt] {
        for (typed, outcome) in [
            ("Friday", Correct),
            ("Friday 19 March", Correct),
            ("Friday, 19 March 2021", Correct),
            ("Friday 20 March", Close),
            ("Friday, 26 March 2021", Close),
            ("Saturday 19 March", Wrong),
            // A day of the month alone is held to the date too (review).
            ("Friday the 19th", Correct),
            ("Friday 20th", Close),
        ] {
            assert_eq!(
                grade(question, typed).outcome,
                outcome,
                "{typed:?} for {question:?}"
            );
        }
    }
    assert_eq!(
        grade(&from_evidence, "Friday 20 March").note.as_deref(),
        Some("close: the day of the week is right, but it was 19 March 2021")
    );
    // A text naming two Tuesdays: either date is one it gives (review).
    let two = Question {
        answer: when(DateValue::Weekday(Weekday::Tuesday), true, "Tuesday"),
        ..met(
            "After a debate on Tuesday, 7 March 2023, they voted on _____, 14 March 2023.",
            "the vote",
        )
    };
    assert_eq!(grade(&two, "Tuesday 14 March").outcome, Correct);
    assert_eq!(grade(&two, "Tuesday 21 March").outcome, Close);
    // No date to hold it to: only the day of the week was asked.
    assert_eq!(grade(&unknown, "Friday 20 March").outcome, Correct);
}

/// A name after a title is close: the answer without it (QA: `Mr Austin` and `PM Modi` were
/// wrong where `Austin` and `Modi` are right).
#[test]
fn a_title_before_a_name_is_close() {
    let austin = text(
        &["Lloyd Austin", "Austin"],
        &["Rajnath Singh", "Narendra Modi"],
    );
    let n = check(
        &austin,
        &[
            ("Mr Austin", Close),
            ("Secretary Austin", Close),
            ("Defense Secretary Lloyd Austin", Close),
            ("General Lloyd Austin", Close),
            ("Mr Singh", Wrong),
            ("Mr", Wrong),
        ],
    ) + check(
        // A title that makes another name of the deck (review).
        &text(&["Mary"], &["Mary", "Queen Mary"]),
        &[("Queen Mary", Wrong), ("Mrs Mary", Close)],
    );
    assert_eq!(n, 8);
    assert_eq!(
        note(&austin, "Mr Austin").as_deref(),
        Some("close: the answer is Austin, no title")
    );
}

/// A two-digit year means the asked century: `7/20/69` for 20 July 1969 (QA: read as 2069).
#[test]
fn two_digit_years_are_in_the_asked_century() {
    let landing = when(DateValue::Full(date(1969, 7, 20)), false, "July 20, 1969");
    let n = check(
        &landing,
        &[
            ("7/20/69", Correct),
            ("07/20/69", Correct),
            ("7/20/1969", Correct),
            ("7/20/2069", Wrong),
            ("7/21/69", Wrong),
        ],
    ) + check(
        &when(DateValue::Year(1969), false, "1969"),
        &[("7/20/69", Correct), ("7/20/2069", Wrong)],
    ) + check(
        &when(DateValue::Full(date(2023, 6, 2)), false, "June 2, 2023"),
        &[("6/2/23", Correct)],
    ) + check(
        // With the month's name too (QA: `2 Sep 24` could not be read).
        &when(DateValue::Full(date(2024, 9, 2)), true, "2 September 2024"),
        &[
            ("2 Sep 24", Correct),
            ("2 Sep '24", Correct),
            ("Sep 2, 24", Correct),
            ("2 Sep 23", Wrong),
        ],
    ) + check(
        &landing,
        &[("20 July 69", Correct), ("July 20 '69", Correct)],
    );
    assert_eq!(n, 14);
}
