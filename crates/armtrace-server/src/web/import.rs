//! CSV import from the browser: the file is uploaded, imported on a thread of its own by
//! the same importer as `armtrace import` (same checks, same batches, same rejected-row
//! report), and its page shows the progress, then the report.
//!
//! Importing is for officers of the whole registry: an account scoped to one agency
//! records and registers through the forms, whose scope is checked row by row.

use super::layout::{Answer, Page, notice};
use crate::auth::Action;
use armtrace_bulk::import::{FileKind, ImportOptions, ImportReport, import_file};
use axum::extract::{Multipart, Path};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// How a job ended, or that it has not.
#[derive(Debug, Clone)]
enum Outcome {
    Running,
    Done(ImportReport),
    Failed(String),
}

/// One import started from the browser.
#[derive(Debug)]
struct Job {
    owner: String,
    kind: FileKind,
    file_name: String,
    total: u64,
    read: AtomicU64,
    started: Instant,
    outcome: Mutex<Outcome>,
    dir: tempfile::TempDir,
}

/// The imports of this server process, by id (kept until the server stops).
#[derive(Debug, Default)]
pub(crate) struct ImportJobs(Mutex<HashMap<String, Arc<Job>>>);

impl ImportJobs {
    fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    fn insert(&self, id: String, job: Arc<Job>) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, job);
    }
}

fn kind_of(name: &str) -> Option<FileKind> {
    match name {
        "holders" => Some(FileKind::Holders),
        "weapons" => Some(FileKind::Weapons),
        "events" => Some(FileKind::Events),
        _ => None,
    }
}

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Holders => "holders",
        FileKind::Weapons => "weapons",
        FileKind::Events => "events",
    }
}

fn form_page(page: &Page, csrf: &str, problem: Option<String>) -> Response {
    let title = page.t("import-title");
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let body = html! {
        @if let Some(p) = &problem { (notice("error", p)) }
        p { (page.t("import-intro")) }
        form method="post" action="/import" enctype="multipart/form-data" class="card narrow" {
            input type="hidden" name="_csrf" value=(csrf);
            fieldset {
                legend { (page.t("import-kind")) }
                @for (k, id) in [("weapons", "import-kind-weapons"), ("events", "import-kind-events"), ("holders", "import-kind-holders")] {
                    div class="field check" {
                        input type="radio" name="kind" id={ "kind-" (k) } value=(k) checked[k == "weapons"];
                        label for={ "kind-" (k) } { (page.t(id)) }
                    }
                }
            }
            div class="field" {
                label for="file" { (page.t("import-file")) }
                input type="file" id="file" name="file" accept=".csv,text/csv" required aria-describedby="file-hint";
                p class="hint" id="file-hint" { (page.t("import-file-hint")) }
            }
            button type="submit" class="primary" { (page.t("import-submit")) }
        }
    };
    page.render_status(status, &title, body)
}

fn scoped_refusal(page: &Page) -> Response {
    let title = page.t("error-forbidden-title");
    let body = html! { p role="alert" { (page.t("import-scoped")) } };
    page.render_status(StatusCode::FORBIDDEN, &title, body)
}

/// The upload form.
pub(crate) async fn form(page: Page) -> Answer {
    let user = page.allowed(Action::Import).await?.clone();
    if user.agency.is_some() {
        return Err(scoped_refusal(&page));
    }
    Ok(form_page(&page, &user.csrf, None))
}

/// Takes the file, starts the import and goes to its page.
pub(crate) async fn upload(page: Page, mut multipart: Multipart) -> Answer {
    let user = page.allowed(Action::Import).await?.clone();
    if user.agency.is_some() {
        return Err(scoped_refusal(&page));
    }
    let dir = tempfile::tempdir().map_err(|e| page.failure(crate::ApiError::internal(e)))?;
    let upload = dir.path().join("upload.csv");
    let mut csrf_seen = false;
    let mut kind = None;
    let mut file_name = String::new();
    let mut total = 0u64;
    let bad = |page: &Page, id: &str| form_page(page, &user.csrf, Some(page.t(id)));
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(bad(&page, "import-too-large"));
            }
            Err(_) => return Ok(bad(&page, "import-unreadable")),
        };
        match field.name().unwrap_or("") {
            "_csrf" => {
                let v = field.text().await.unwrap_or_default();
                if !page.csrf_ok(&v) {
                    return Err(page.csrf_refused());
                }
                csrf_seen = true;
            }
            "kind" => kind = kind_of(&field.text().await.unwrap_or_default()),
            "file" => {
                if !csrf_seen {
                    return Err(page.csrf_refused());
                }
                file_name = field.file_name().unwrap_or("upload.csv").to_string();
                let mut out = std::fs::File::create(&upload)
                    .map_err(|e| page.failure(crate::ApiError::internal(e)))?;
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(bytes)) => {
                            total += bytes.len() as u64;
                            out.write_all(&bytes)
                                .map_err(|e| page.failure(crate::ApiError::internal(e)))?;
                        }
                        Ok(None) => break,
                        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            return Ok(bad(&page, "import-too-large"));
                        }
                        Err(_) => return Ok(bad(&page, "import-unreadable")),
                    }
                }
                out.sync_all()
                    .map_err(|e| page.failure(crate::ApiError::internal(e)))?;
            }
            _ => {}
        }
    }
    if !csrf_seen {
        return Err(page.csrf_refused());
    }
    let Some(kind) = kind else {
        return Ok(bad(&page, "import-no-kind"));
    };
    if total == 0 {
        return Ok(bad(&page, "import-empty"));
    }
    let id = crate::accounts::random_secret()[..16].to_string();
    let job = Arc::new(Job {
        owner: user.username.clone(),
        kind,
        file_name: file_name.clone(),
        total,
        read: AtomicU64::new(0),
        started: Instant::now(),
        outcome: Mutex::new(Outcome::Running),
        dir,
    });
    page.log(
        "import.start",
        &format!("{} {file_name} ({total} bytes) job {id}", kind_name(kind)),
        "ok",
    )
    .await?;
    page.state.imports().insert(id.clone(), job.clone());
    let state = page.state.clone();
    let caller = page.caller(&user);
    let job_id = id.clone();
    std::thread::spawn(move || {
        let path = job.dir.path().join("upload.csv");
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut opts = ImportOptions::new(&job.owner);
            opts.rejects = Some(job.dir.path().join("rejected.csv"));
            import_file(state.store(), job.kind, &path, &opts, &mut |bytes| {
                job.read.store(bytes, Ordering::Relaxed)
            })
        }));
        // The upload is not kept once read: only the report stays, until the server stops.
        let _ = std::fs::remove_file(&path);
        let (outcome, line) = match run {
            Ok(Ok(report)) => {
                if let Err(e) = state.index_catch_up() {
                    tracing::error!(error = %e.message, "the search index did not catch up after an import");
                }
                let target = format!(
                    "job {job_id}: {} rows, {} written, {} already present, {} rejected",
                    report.rows, report.written, report.already_present, report.rejected
                );
                (
                    Outcome::Done(report),
                    caller.access("import.end", &target, "ok"),
                )
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, job = %job_id, "an import could not run");
                // Say what is wrong with the file, without the server's own paths.
                let shown = match &e {
                    armtrace_bulk::import::ImportError::Header { source, .. } => {
                        format!("line 1 (header): {source}")
                    }
                    armtrace_bulk::import::ImportError::Csv { message, .. } => message.clone(),
                    _ => String::from("the store failed"),
                };
                let line = caller.access("import.end", &format!("job {job_id}"), "failed");
                (Outcome::Failed(shown), line)
            }
            Err(_) => {
                tracing::error!(job = %job_id, "an import stopped on a bug");
                let line = caller.access("import.end", &format!("job {job_id}"), "failed");
                (Outcome::Failed(String::from("internal error")), line)
            }
        };
        if let Err(e) = state.log_access(&line) {
            tracing::error!(error = %e, "the access log refused the end of an import");
        }
        *job.outcome.lock().unwrap_or_else(|p| p.into_inner()) = outcome;
    });
    Ok(Redirect::to(&format!("/import/{id}")).into_response())
}

/// The job's page: progress while it runs (refreshed every second), then the report.
pub(crate) async fn status(page: Page, Path(id): Path<String>) -> Answer {
    let user = page.allowed(Action::Import).await?.clone();
    let Some(job) = page.state.imports().get(&id) else {
        return Err(page.not_found());
    };
    if job.owner != user.username {
        return Err(page.not_found());
    }
    let outcome = job
        .outcome
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let title = page.ta(
        "import-job-title",
        &[("file", job.file_name.clone().into())],
    );
    let read = job.read.load(Ordering::Relaxed).min(job.total);
    let percent = read * 100 / job.total.max(1);
    let elapsed = job.started.elapsed().as_secs();
    let body = match &outcome {
        Outcome::Running => html! {
            div class="progress" role="status" aria-live="polite" {
                label for="progress" { (page.ta("import-running", &[("percent", percent.to_string().into()), ("seconds", elapsed.to_string().into())])) }
                progress id="progress" max=(job.total) value=(read) { (percent) "%" }
            }
            p class="hint" { (page.t("import-refresh")) }
        },
        Outcome::Failed(m) => html! {
            (notice("error", &page.ta("import-failed", &[("detail", m.clone().into())])))
            p { a href="/import" { (page.t("import-again")) } }
        },
        Outcome::Done(r) => html! {
            (notice(if r.rejected == 0 { "ok" } else { "warn" }, &page.t("import-done")))
            dl class="facts" {
                dt { (page.t("import-rows")) } dd { (page.num(r.rows)) }
                dt { (page.t("import-written")) } dd { (page.num(r.written)) }
                dt { (page.t("import-present")) } dd { (page.num(r.already_present)) }
                dt { (page.t("import-rejected")) } dd { (page.num(r.rejected)) }
            }
            @if r.rejected > 0 {
                h2 { (page.t("import-report")) }
                p { (page.t("import-report-intro")) " "
                    a href={ "/import/" (id) "/rejected.csv" } download { (page.t("import-report-download")) } }
                table class="list rejects" {
                    thead { tr {
                        th scope="col" { (page.t("import-col-row")) }
                        th scope="col" { (page.t("import-col-column")) }
                        th scope="col" { (page.t("import-col-value")) }
                        th scope="col" { (page.t("import-col-reason")) }
                    } }
                    tbody {
                        @for x in &r.first_rejections {
                            tr { td class="num" { (x.row) } td { code { (x.column) } } td { bdi { (x.value) } } td { (x.reason) } }
                        }
                    }
                }
                @if r.rejected as usize > r.first_rejections.len() {
                    p class="hint" { (page.ta("import-more-rejected", &[("n", (r.rejected as usize - r.first_rejections.len()).to_string().into())])) }
                }
            }
            p { a href="/import" { (page.t("import-again")) } }
        },
    };
    let mut response = page.render(&title, body);
    if matches!(outcome, Outcome::Running) {
        response
            .headers_mut()
            .insert("refresh", HeaderValue::from_static("1"));
    }
    Ok(response)
}

/// The whole rejected-row report of a job, as CSV.
pub(crate) async fn rejected_csv(page: Page, Path(id): Path<String>) -> Answer {
    let user = page.allowed(Action::Import).await?.clone();
    let Some(job) = page.state.imports().get(&id) else {
        return Err(page.not_found());
    };
    if job.owner != user.username {
        return Err(page.not_found());
    }
    let bytes = std::fs::read(job.dir.path().join("rejected.csv")).unwrap_or_default();
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"rejected.csv\""),
    );
    Ok(r)
}
