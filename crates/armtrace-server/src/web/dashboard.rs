//! The dashboard: counts by status, category and agency, events per month as a chart
//! drawn on the server (SVG), and the latest entries of the ledger.

use super::layout::{Answer, Page, ltr, trusted};
use crate::auth::Action;
use crate::error::blocking;
use armtrace_domain::ledger::Record;
use armtrace_domain::{Holder, HolderId};
use armtrace_store::Overview;
use chrono::Datelike;
use maud::{Markup, html};
use std::collections::HashMap;
use std::sync::Arc;

/// Rows of the "by agency" table.
const AGENCIES: usize = 10;

/// Months shown in the chart.
const MONTHS: u32 = 24;

/// The first month of the chart: `MONTHS - 1` months before this one.
fn first_month(today: chrono::NaiveDate) -> (i32, u32) {
    let index = today.year() * 12 + today.month0() as i32 - (MONTHS as i32 - 1);
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

fn months_from(start: (i32, u32)) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = start;
    for _ in 0..MONTHS {
        out.push(format!("{y:04}-{m:02}"));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// The root agency of each holder (a unit's agency, a depot's ministry…).
fn agency_of<'a>(holders: &'a [Holder]) -> impl Fn(HolderId) -> Option<&'a Holder> {
    let by_id: HashMap<HolderId, &'a Holder> = holders.iter().map(|h| (h.id, h)).collect();
    move |id| {
        let mut h = *by_id.get(&id)?;
        for _ in 0..by_id.len() {
            match h.parent.and_then(|p| by_id.get(&p)) {
                Some(parent) => h = parent,
                None => break,
            }
        }
        Some(h)
    }
}

/// The dashboard's figures, computed again only when the ledger has grown (blocking).
pub(crate) fn overview(
    state: &crate::AppState,
    since: &str,
) -> Result<Arc<Overview>, crate::ApiError> {
    let store = state.store();
    let (head, _) = store.head()?;
    let cache = state.overview_cache();
    {
        let c = cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, o)) = c.as_ref()
            && *at == head
        {
            return Ok(o.clone());
        }
    }
    let o = Arc::new(store.overview(since, 10)?);
    *cache.lock().unwrap_or_else(|p| p.into_inner()) = Some((head, o.clone()));
    Ok(o)
}

/// The first month the dashboard's chart shows (`YYYY-MM`).
pub(crate) fn chart_since() -> String {
    let start = first_month(chrono::Utc::now().date_naive());
    format!("{:04}-{:02}", start.0, start.1)
}

/// The dashboard page.
pub(crate) async fn page(page: Page) -> Answer {
    page.allowed(Action::ReadStats).await?;
    let s = page.state.clone();
    let start = first_month(chrono::Utc::now().date_naive());
    let since = chart_since();
    let (counts, overview, holders) = blocking(move || {
        let store = s.store();
        Ok((store.counts()?, overview(&s, &since)?, store.holders()?))
    })
    .await
    .map_err(|e| page.failure(e))?;

    let agency = agency_of(&holders);
    let mut by_agency: Vec<(String, u64)> = Vec::new();
    for (h, n) in &overview.by_holder {
        let name = match h.and_then(&agency) {
            Some(a) => a.name.clone(),
            None => page.t("dashboard-no-holder"),
        };
        match by_agency.iter_mut().find(|(k, _)| *k == name) {
            Some((_, total)) => *total += n,
            None => by_agency.push((name, *n)),
        }
    }
    by_agency.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // The largest agencies by name; the many small holders (dealers, civilians) together.
    if by_agency.len() > AGENCIES {
        let rest: u64 = by_agency[AGENCIES - 1..].iter().map(|(_, n)| n).sum();
        by_agency.truncate(AGENCIES - 1);
        by_agency.push((page.t("dashboard-other-holders"), rest));
    }

    let title = page.t("dashboard-title");
    let body = html! {
        section class="figures" aria-label=(page.t("dashboard-figures")) {
            div class="figure" { span class="n" { (page.num(counts.weapons)) } span { (page.t("dashboard-weapons")) } }
            div class="figure" { span class="n" { (page.num(counts.holders)) } span { (page.t("dashboard-holders")) } }
            div class="figure" { span class="n" { (page.num(counts.entries)) } span { (page.t("dashboard-entries")) } }
            div class="figure warn" { span class="n" { (page.num(counts.to_be_marked)) } span { (page.t("dashboard-to-mark")) } }
        }
        div class="columns" {
            (count_table(&page, &page.t("dashboard-by-status"), "status",
                counts.by_status.iter().map(|(s, n)| (page.term("status", s), *n)).collect()))
            (count_table(&page, &page.t("dashboard-by-category"), "category",
                overview.by_category.iter().map(|(c, n)| (page.term("category", c), *n)).collect()))
            (count_table(&page, &page.t("dashboard-by-agency"), "agency", by_agency))
        }
        section aria-labelledby="chart-title" {
            h2 id="chart-title" { (page.t("dashboard-events-per-month")) }
            (chart(&page, &overview, start))
        }
        section aria-labelledby="recent-title" {
            h2 id="recent-title" { (page.t("dashboard-recent")) }
            (recent(&page, &overview))
        }
    };
    Ok(page.render(&title, body))
}

fn count_table(page: &Page, caption: &str, key: &str, rows: Vec<(String, u64)>) -> Markup {
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    html! {
        table class={ "counts " (key) } {
            caption { (caption) }
            thead { tr { th scope="col" { (page.t(&format!("dashboard-col-{key}"))) } th scope="col" class="num" { (page.t("dashboard-col-weapons")) } } }
            tbody {
                @for (name, n) in &rows {
                    tr { th scope="row" { (name) } td class="num" { (page.num(*n)) } }
                }
            }
            tfoot { tr { th scope="row" { (page.t("dashboard-total")) } td class="num" { (page.num(total)) } } }
        }
    }
}

fn chart(page: &Page, overview: &Overview, start: (i32, u32)) -> Markup {
    let months = months_from(start);
    let by_month: HashMap<&str, u64> = overview
        .events_by_month
        .iter()
        .map(|(m, n)| (m.as_str(), *n))
        .collect();
    let values: Vec<u64> = months
        .iter()
        .map(|m| by_month.get(m.as_str()).copied().unwrap_or(0))
        .collect();
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, bar) = (720u32, 180u32, 720 / MONTHS);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {}" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">"#,
        h + 24
    );
    for (i, v) in values.iter().enumerate() {
        let bh = (*v as f64 / max as f64 * h as f64).round() as u32;
        let x = i as u32 * bar + 2;
        svg.push_str(&format!(
            r#"<rect x="{x}" y="{}" width="{}" height="{bh}"><title>{} — {}</title></rect>"#,
            h - bh,
            bar - 4,
            maud::html! { (armtrace_i18n::month(page.lang, &months[i])) }.into_string(),
            page.num(*v)
        ));
        if i % 3 == 0 {
            svg.push_str(&format!(
                r#"<text x="{}" y="{}" font-size="11">{}</text>"#,
                x,
                h + 16,
                maud::html! { (armtrace_i18n::month(page.lang, &months[i])) }.into_string()
            ));
        }
    }
    svg.push_str("</svg>");
    html! {
        figure {
            (trusted(svg))
            figcaption { (page.ta("dashboard-chart-caption", &[("max", page.num(max).into())])) }
        }
        details {
            summary { (page.t("dashboard-chart-table")) }
            table class="counts" {
                thead { tr { th scope="col" { (page.t("dashboard-col-month")) } th scope="col" class="num" { (page.t("dashboard-col-events")) } } }
                tbody {
                    @for (m, v) in months.iter().zip(values.iter()) {
                        tr { th scope="row" { (armtrace_i18n::month(page.lang, m)) } td class="num" { (page.num(*v)) } }
                    }
                }
            }
        }
    }
}

fn recent(page: &Page, overview: &Overview) -> Markup {
    html! {
        table class="list" {
            thead { tr {
                th scope="col" { (page.t("col-recorded")) }
                th scope="col" { (page.t("col-by")) }
                th scope="col" { (page.t("col-record")) }
                th scope="col" { (page.t("col-weapon")) }
            } }
            tbody {
                @for e in &overview.recent {
                    @let record = Record::from_payload(&e.payload).ok();
                    tr {
                        td { (page.when(&armtrace_domain::ledger::format_recorded_at(&e.recorded_at))) }
                        td { (e.recorded_by) }
                        td { (match &record {
                            Some(Record::WeaponEvent(ev)) => page.term("event", ev.kind.to_string().as_str()),
                            Some(Record::WeaponRegistered(_)) => page.t("record-registered"),
                            Some(Record::HolderRegistered(h)) => page.ta("record-holder", &[("code", h.code.clone().into())]),
                            None => e.kind.clone(),
                        }) }
                        td { @match record.as_ref().and_then(|r| r.weapon()) {
                            Some(w) => a href={ "/weapons/" (w) } { (ltr(&match &record {
                                Some(Record::WeaponRegistered(r)) => r.description.serial.clone(),
                                _ => page.t("weapon-open"),
                            })) },
                            None => "—",
                        } }
                    }
                }
            }
        }
    }
}
