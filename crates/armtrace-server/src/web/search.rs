//! The marking search page: the query with its help on the page, and each hit with why
//! it matched.

use super::layout::{Answer, Page, ltr, notice, urlencode};
use crate::auth::Action;
use crate::error::blocking;
use armtrace_i18n::Arg;
use armtrace_search::{Reason, parse_query};
use axum::extract::Query;
use maud::{Markup, html};
use serde::Deserialize;

/// Hits on one page.
const PER_PAGE: usize = 20;

#[derive(Debug, Deserialize)]
pub(crate) struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    offset: usize,
}

/// A reason in the page's language.
pub(crate) fn reason(page: &Page, r: &Reason) -> String {
    let c = |ch: &char| Arg::Text(ch.to_string());
    let n = |p: &usize| Arg::Text(p.to_string());
    match r {
        Reason::Exact => page.t("why-exact"),
        Reason::Normalised(_) => page.t("why-normalised"),
        Reason::LookAlike {
            position,
            stored,
            read,
        } => page.ta(
            "why-look-alike",
            &[
                ("stored", c(stored)),
                ("read", c(read)),
                ("pos", n(position)),
            ],
        ),
        Reason::Confusion {
            position,
            stored,
            read,
            ..
        } => page.ta(
            "why-confusion",
            &[
                ("stored", c(stored)),
                ("read", c(read)),
                ("pos", n(position)),
            ],
        ),
        Reason::Unreadable { position, stored } => page.ta(
            "why-unreadable",
            &[("stored", c(stored)), ("pos", n(position))],
        ),
        Reason::UnreadableRun {
            position,
            end,
            stored,
        } => page.ta(
            "why-unreadable-run",
            &[
                ("stored", Arg::Text(stored.clone())),
                ("pos", n(position)),
                ("end", n(end)),
                ("n", Arg::Count(stored.chars().count() as i64)),
            ],
        ),
        Reason::Misread {
            position,
            stored,
            read,
        } => page.ta(
            "why-misread",
            &[
                ("stored", c(stored)),
                ("read", c(read)),
                ("pos", n(position)),
            ],
        ),
        Reason::Missing { position, stored } => page.ta(
            "why-missing",
            &[("stored", c(stored)), ("pos", n(position))],
        ),
        Reason::Extra { position, read } => {
            page.ta("why-extra", &[("read", c(read)), ("pos", n(position))])
        }
        Reason::Transposed { position, stored } => page.ta(
            "why-transposed",
            &[
                ("stored", Arg::Text(stored.iter().collect())),
                ("pos", n(position)),
            ],
        ),
    }
}

fn help(page: &Page) -> Markup {
    let rows = [
        ("KR1234", "help-plain"),
        ("KR12?4", "help-unreadable"),
        ("*4567", "help-run"),
        ("KR1243~1", "help-edit"),
        ("ЦП0242", "help-scripts"),
        ("make:izhmash year:1980-1990 4567", "help-filters"),
        ("status:seized,lost country:ru", "help-status"),
    ];
    html! {
        details class="help" open[false] {
            summary { (page.t("search-help")) }
            p { (page.t("help-intro")) }
            table class="list" {
                thead { tr { th scope="col" { (page.t("help-col-query")) } th scope="col" { (page.t("help-col-means")) } } }
                tbody {
                    @for (q, id) in rows {
                        tr { td { code { (ltr(q)) } } td { (page.t(id)) } }
                    }
                }
            }
            p { (page.t("help-filters-list")) }
        }
    }
}

/// The search page.
pub(crate) async fn page(page: Page, Query(q): Query<SearchQuery>) -> Answer {
    let user = page.allowed(Action::Search).await?;
    let _ = user;
    let title = page.t("search-title");
    let text = q.q.trim().to_string();
    let form = html! {
        form method="get" action="/search" role="search" class="search" {
            label for="q" { (page.t("search-label")) }
            div class="row" {
                input id="q" name="q" type="search" value=(text) required autofocus
                    autocomplete="off" spellcheck="false" dir="auto"
                    aria-describedby="q-hint";
                button type="submit" class="primary" { (page.t("search-submit")) }
            }
            p id="q-hint" class="hint" { (page.t("search-hint")) }
        }
        (help(&page))
    };
    if text.is_empty() {
        return Ok(page.render(&title, form));
    }
    let query = match parse_query(&text) {
        Ok(query) => query,
        Err(e) => {
            let message = page.ta("search-invalid", &[("detail", e.to_string().into())]);
            let body = html! { (form) (notice("error", &message)) };
            return Ok(page.render_status(axum::http::StatusCode::BAD_REQUEST, &title, body));
        }
    };
    let s = page.state.clone();
    // Far beyond any registry; keeps the page arithmetic from overflowing.
    let offset = q.offset.min(1_000_000);
    let found = blocking(move || {
        let mut index = s.index().lock().unwrap_or_else(|p| p.into_inner());
        index.catch_up()?;
        Ok(index.search(&query, PER_PAGE + 1, offset)?)
    })
    .await
    .map_err(|e| page.failure(e))?;
    page.log("search", &format!("q={text}"), "ok").await?;
    let more = found.len() > PER_PAGE;
    let hits = &found[..found.len().min(PER_PAGE)];
    let body = html! {
        (form)
        section aria-labelledby="results-title" {
            h2 id="results-title" {
                (page.ta("search-results", &[("n", Arg::Count(hits.len() as i64)), ("query", text.clone().into())]))
            }
            @if hits.is_empty() {
                p { (page.t("search-none")) }
            } @else {
                ol class="hits" start=(offset.saturating_add(1)) {
                    @for f in hits {
                        li class="hit" {
                            a class="hit-title" href={ "/weapons/" (f.weapon.id) } {
                                span class="serial" { (ltr(&f.hit.marking)) }
                                " — " (f.weapon.description.make) " " (f.weapon.description.model)
                            }
                            p class="meta" {
                                (page.term("category", f.weapon.description.category.to_string().as_str())) " · "
                                (f.weapon.description.calibre) " · "
                                span class={ "status " (f.weapon.status) } { (page.term("status", f.weapon.status.to_string().as_str())) }
                                " · " (page.term("tier", f.hit.tier.name())) " · "
                                (page.ta("search-score", &[("score", f.hit.score.to_string().into())]))
                            }
                            ul class="why" aria-label=(page.t("search-why")) {
                                @for r in &f.hit.why { li { (reason(&page, r)) } }
                            }
                        }
                    }
                }
                nav class="pages" aria-label=(page.t("pages")) {
                    @if offset > 0 {
                        a href={ "/search?q=" (urlencode(&text)) "&offset=" (offset.saturating_sub(PER_PAGE)) } { (page.t("page-previous")) }
                    }
                    @if more {
                        a href={ "/search?q=" (urlencode(&text)) "&offset=" (offset + PER_PAGE) } { (page.t("page-next")) }
                    }
                }
            }
        }
    };
    Ok(page.render(&title, body))
}
