//! How well a model predicts recall: log loss, RMSE over bins and AUC, measured on a
//! time-series split (train on the past, predict the next segment).
//!
//! A prediction is the probability of recalling the last answer of an item given the answers
//! before it; the label is whether that answer was not Again. RMSE(bins) groups predictions by
//! the item's shape — days since the last answer, number of day-spaced answers and lapses, each
//! on a logarithmic scale — and compares mean prediction with mean outcome per group, weighted
//! by group size. This is the metric the FSRS project reports, so figures are comparable.

use std::collections::HashMap;

use fsrs::{FSRSItem, MemoryState};

use crate::error::Error;

/// The three figures, and how many predictions they are over.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Metrics {
    pub log_loss: f64,
    pub rmse_bins: f64,
    pub auc: f64,
    pub count: usize,
}

/// One prediction: probability, outcome, and the item it is for.
pub struct Prediction<'a> {
    pub p: f64,
    pub item: &'a FSRSItem,
}

/// Whether an item's last answer was recalled.
pub fn recalled(item: &FSRSItem) -> bool {
    item.reviews.last().is_some_and(|r| r.rating > 1)
}

/// FSRS's probability of recalling the last answer of `item` with `params`.
pub fn fsrs_prediction(model: &fsrs::FSRS, decay: f32, item: &FSRSItem) -> f64 {
    let (last, history) = item.reviews.split_last().expect("items are not empty");
    let state = model
        .memory_state(
            FSRSItem {
                reviews: history.to_vec(),
            },
            None,
        )
        .unwrap_or(MemoryState {
            stability: 0.001,
            difficulty: 10.0,
        });
    f64::from(fsrs::current_retrievability(
        state,
        last.delta_t as f32,
        decay,
    ))
}

/// A predictor for items: FSRS with parameters.
pub fn fsrs_predictor(params: &[f32]) -> Result<impl Fn(&FSRSItem) -> f64 + use<>, Error> {
    let filled = fsrs::check_and_fill_parameters(params)
        .map_err(|e| Error::State(format!("invalid fsrs parameters: {e}")))?;
    let model = fsrs::FSRS::new(&filled)
        .map_err(|e| Error::State(format!("invalid fsrs parameters: {e}")))?;
    let decay = filled[20];
    Ok(move |item: &FSRSItem| fsrs_prediction(&model, decay, item))
}

/// Fits FSRS parameters to `items` (in time order) with the crate's optimiser.
pub fn fit(items: &[FSRSItem]) -> Result<Vec<f32>, Error> {
    fsrs::compute_parameters(fsrs::ComputeParametersInput {
        train_set: items.to_vec(),
        ..Default::default()
    })
    .map_err(|e| Error::State(format!("cannot optimise parameters: {e}")))
}

/// The RMSE-bin key of an item.
fn bin(item: &FSRSItem) -> (u32, u32, u32) {
    let log_bin = |x: f64, base: f64, scale: f64| -> u32 {
        if x <= 0.0 {
            return 0;
        }
        (scale * base.powf(x.log(base).floor())).round() as u32
    };
    let (last, history) = item.reviews.split_last().expect("items are not empty");
    let spaced = item.reviews.iter().filter(|r| r.delta_t > 0).count();
    let lapses = history
        .iter()
        .filter(|r| r.delta_t > 0 && r.rating == 1)
        .count();
    (
        log_bin(f64::from(last.delta_t), 3.62, 248.0),
        log_bin(spaced as f64 + 1.0, 1.89, 1.99),
        log_bin(lapses as f64, 1.73, 1.65),
    )
}

/// The metrics of `predict` over every item (no split: for parameters that may have seen them).
pub fn over_all<P: Fn(&FSRSItem) -> f64>(items: &[FSRSItem], predict: P) -> Metrics {
    let predictions: Vec<Prediction> = items
        .iter()
        .map(|item| Prediction {
            p: predict(item),
            item,
        })
        .collect();
    measure(&predictions)
}

/// Log loss, RMSE(bins) and AUC of predictions.
pub fn measure(predictions: &[Prediction<'_>]) -> Metrics {
    let n = predictions.len();
    let mut loss = 0.0;
    let mut bins: HashMap<(u32, u32, u32), (f64, f64, f64)> = HashMap::new();
    for pred in predictions {
        let y = recalled(pred.item);
        let p = pred.p.clamp(1e-6, 1.0 - 1e-6);
        loss -= if y { p.ln() } else { (1.0 - p).ln() };
        let entry = bins.entry(bin(pred.item)).or_default();
        entry.0 += pred.p;
        entry.1 += f64::from(u8::from(y));
        entry.2 += 1.0;
    }
    let rmse = (bins
        .values()
        .map(|(p, y, c)| (p / c - y / c).powi(2) * c)
        .sum::<f64>()
        / n.max(1) as f64)
        .sqrt();
    Metrics {
        log_loss: loss / n.max(1) as f64,
        rmse_bins: rmse,
        auc: auc(predictions),
        count: n,
    }
}

/// Area under the ROC curve: the chance that a recalled answer got a higher prediction than
/// a forgotten one (ties count half).
fn auc(predictions: &[Prediction<'_>]) -> f64 {
    let mut scored: Vec<(f64, bool)> = predictions
        .iter()
        .map(|p| (p.p, recalled(p.item)))
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = scored.iter().filter(|s| s.1).count() as f64;
    let negatives = scored.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return f64::NAN;
    }
    // Sum of the ranks of positives, tied scores sharing their average rank.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < scored.len() {
        let mut j = i;
        while j < scored.len() && scored[j].0 == scored[i].0 {
            j += 1;
        }
        let average_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += scored[i..j].iter().filter(|s| s.1).count() as f64 * average_rank;
        i = j;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

/// Evaluates on a time-series split into `folds + 1` segments: for each fold, `train` builds a
/// predictor from the segments before it, which then predicts the fold's segment.
pub fn cross_validate<P, F>(
    items: &[FSRSItem],
    folds: usize,
    mut train: F,
) -> Result<Metrics, Error>
where
    P: Fn(&FSRSItem) -> f64,
    F: FnMut(&[FSRSItem]) -> Result<P, Error>,
{
    let segment = items.len() / (folds + 1);
    if folds == 0 || segment == 0 {
        return Err(Error::State(format!(
            "{} items are too few for a {folds}-fold time-series split",
            items.len()
        )));
    }
    let mut predictions = Vec::new();
    for fold in 0..folds {
        let start = (fold + 1) * segment;
        let end = if fold + 1 == folds {
            items.len()
        } else {
            start + segment
        };
        let predict = train(&items[..start])?;
        predictions.extend(items[start..end].iter().map(|item| Prediction {
            p: predict(item),
            item,
        }));
    }
    Ok(measure(&predictions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fsrs::FSRSReview;

    fn item(reviews: &[(u32, u32)]) -> FSRSItem {
        FSRSItem {
            reviews: reviews
                .iter()
                .map(|&(rating, delta_t)| FSRSReview { rating, delta_t })
                .collect(),
        }
    }

    fn check(preds: &[(f64, u32)], log_loss: f64, auc_value: f64) {
        let items: Vec<FSRSItem> = preds
            .iter()
            .map(|&(_, r)| item(&[(3, 0), (r, 2)]))
            .collect();
        let predictions: Vec<Prediction> = preds
            .iter()
            .zip(&items)
            .map(|(&(p, _), item)| Prediction { p, item })
            .collect();
        let m = measure(&predictions);
        assert!((m.log_loss - log_loss).abs() < 1e-9, "{}", m.log_loss);
        assert!((m.auc - auc_value).abs() < 1e-9, "{}", m.auc);
    }

    #[test]
    fn log_loss_and_auc() {
        let ln = |x: f64| -x.ln();
        check(&[(0.9, 3), (0.2, 1)], (ln(0.9) + ln(0.8)) / 2.0, 1.0);
        check(&[(0.2, 3), (0.9, 1)], (ln(0.2) + ln(0.1)) / 2.0, 0.0);
        check(
            &[(0.5, 3), (0.5, 1), (0.7, 3)],
            (2.0 * ln(0.5) + ln(0.7)) / 3.0,
            0.75,
        );
    }

    #[test]
    fn predictions_match_the_crate_memory_state() {
        let f = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS).unwrap();
        let it = item(&[(3, 0), (3, 3), (3, 10)]);
        let state = f.memory_state(item(&[(3, 0), (3, 3)]), None).unwrap();
        let expected = fsrs::current_retrievability(state, 10.0, fsrs::DEFAULT_PARAMETERS[20]);
        let p = fsrs_predictor(&fsrs::DEFAULT_PARAMETERS).unwrap()(&it);
        assert_eq!(p, f64::from(expected));
    }
}
