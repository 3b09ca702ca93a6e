//! The scoring section and the rating bands: partial credit, severity weights, the bands and
//! the bands that gates cap at, and the sample-size table.

use std::collections::HashSet;

use super::{Checker, at, key};
use crate::load::Seg;
use crate::model::{FrameworkDef, SampleSizeDef, SeverityWeights};

impl Checker {
    pub(super) fn scoring(&mut self, def: &FrameworkDef) -> (f64, SeverityWeights) {
        let scoring = def.scoring.clone().unwrap_or_default();
        let partial_credit = scoring.partial_credit.unwrap_or(0.5);
        if !(partial_credit.is_finite() && (0.0..=1.0).contains(&partial_credit)) {
            self.report(
                &[key("scoring"), key("partial_credit")],
                format!("`partial_credit` must be between 0 and 1, found {partial_credit}"),
                None,
            );
        }
        let weights = scoring.severity_weights.unwrap_or_default();
        for (name, w) in [
            ("critical", weights.critical),
            ("high", weights.high),
            ("medium", weights.medium),
            ("low", weights.low),
        ] {
            self.weight(&[key("scoring"), key("severity_weights"), key(name)], w);
        }
        (partial_credit, weights)
    }

    /// Checks the rating bands; returns the index of the band the critical gate caps at.
    pub(super) fn bands(&mut self, def: &FrameworkDef) -> usize {
        let bands = &def.rating_bands;
        if bands.is_empty() {
            self.report(
                &[key("rating_bands")],
                "at least one rating band is needed".into(),
                None,
            );
        }
        let mut ids = HashSet::new();
        for (i, band) in bands.iter().enumerate() {
            if !ids.insert(band.id.as_str()) {
                self.report(
                    &at("rating_bands", i, "id"),
                    format!("duplicate band id `{}`", band.id),
                    None,
                );
            }
            let m = band.min_score;
            if !(m.is_finite() && (0.0..=100.0).contains(&m)) {
                self.report(
                    &at("rating_bands", i, "min_score"),
                    format!("`min_score` must be between 0 and 100, found {m}"),
                    None,
                );
            }
            if let Some(prev) = i.checked_sub(1).and_then(|j| bands.get(j))
                && m >= prev.min_score
            {
                self.report(
                    &at("rating_bands", i, "min_score"),
                    format!(
                        "bands must be listed highest first with strictly decreasing `min_score`: {m} follows {}",
                        prev.min_score
                    ),
                    None,
                );
            }
        }
        if let Some(last) = bands.last()
            && last.min_score != 0.0
        {
            self.report(
                &at("rating_bands", bands.len() - 1, "min_score"),
                format!(
                    "the lowest band must start at 0 so that every score has a rating, found {}",
                    last.min_score
                ),
                None,
            );
        }
        let gate = def
            .scoring
            .as_ref()
            .and_then(|s| s.critical_gate.as_deref());
        self.band_named(def, "critical_gate", gate)
            .unwrap_or(bands.len().saturating_sub(1))
    }

    /// The index of the band a scoring setting names; `None` when it names none (reported).
    pub(super) fn band_named(
        &mut self,
        def: &FrameworkDef,
        setting: &str,
        id: Option<&str>,
    ) -> Option<usize> {
        let id = id?;
        let bands = &def.rating_bands;
        let found = bands.iter().position(|b| b.id == id);
        if found.is_none() {
            let help = self
                .suggester
                .did_you_mean(id, bands.iter().map(|b| b.id.as_str()));
            self.report(
                &[key("scoring"), key(setting)],
                format!("`{setting}` names no rating band: `{id}`"),
                help,
            );
            return Some(0);
        }
        found
    }

    /// The band that caps an element or program whose operation is not demonstrated: the one
    /// named, else the third from the top (the lowest when there are fewer).
    pub(super) fn undemonstrated_band(&mut self, def: &FrameworkDef) -> usize {
        let named = def
            .scoring
            .as_ref()
            .and_then(|s| s.undemonstrated_cap.as_deref());
        self.band_named(def, "undemonstrated_cap", named)
            .unwrap_or_else(|| def.rating_bands.len().saturating_sub(1).min(2))
    }

    /// The sample-size table: rows ascending by population, only the last one open-ended.
    pub(super) fn sample_sizes(&mut self, def: &FrameworkDef) -> Vec<SampleSizeDef> {
        let rows = def
            .scoring
            .as_ref()
            .map(|s| s.sample_sizes.clone())
            .unwrap_or_default();
        let mut previous: Option<u64> = None;
        for (i, row) in rows.iter().enumerate() {
            let segs = [key("scoring"), key("sample_sizes"), Seg::Index(i)];
            if row.min_sample == 0 {
                self.report(&segs, "`min_sample` must be at least 1".into(), None);
            }
            match (row.population_up_to, i + 1 == rows.len()) {
                (None, false) => self.report(
                    &segs,
                    "only the last row may leave out `population_up_to`".into(),
                    None,
                ),
                (Some(_), true) => self.report(
                    &segs,
                    "the last row must leave out `population_up_to`, so that it covers every larger population".into(),
                    None,
                ),
                (Some(n), false) => {
                    if previous.is_some_and(|p| n <= p) {
                        self.report(
                            &segs,
                            format!("rows must be in ascending `population_up_to`: {n} follows {}", previous.unwrap_or(0)),
                            None,
                        );
                    }
                    previous = Some(n);
                }
                (None, true) => {}
            }
        }
        rows
    }
}
