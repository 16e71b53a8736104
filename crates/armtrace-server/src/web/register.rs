//! The form that registers a weapon, with the importer's checks and a message beside
//! each field; a weapon without adequate markings is registered and flagged "to be marked
//! or destroyed" (PoA II.8), which its page then says.

use super::layout::{Answer, Page, WebUser, field_error, notice};
use crate::auth::Action;
use crate::error::{ErrorCode, blocking};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{Category, Holder, Status};
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

/// What the form sends: the columns of the weapons import format.
#[derive(Debug, Default, Deserialize, Clone)]
pub(crate) struct WeaponForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    make: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    calibre: String,
    #[serde(default)]
    serial: String,
    #[serde(default)]
    country_of_manufacture: String,
    #[serde(default)]
    year_of_manufacture: String,
    #[serde(default)]
    import_marking: String,
    #[serde(default)]
    import_country: String,
    #[serde(default)]
    import_year: String,
    #[serde(default)]
    holder: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    markings: String,
    #[serde(default)]
    registered_on: String,
}

impl WeaponForm {
    fn fields(&self) -> Vec<(&'static str, String)> {
        let upper = |s: &str| s.trim().to_ascii_uppercase();
        vec![
            ("category", self.category.trim().to_string()),
            ("make", self.make.trim().to_string()),
            ("model", self.model.trim().to_string()),
            ("calibre", self.calibre.trim().to_string()),
            ("serial", self.serial.trim().to_string()),
            (
                "country_of_manufacture",
                upper(&self.country_of_manufacture),
            ),
            (
                "year_of_manufacture",
                self.year_of_manufacture.trim().to_string(),
            ),
            ("import_marking", self.import_marking.trim().to_string()),
            ("import_country", upper(&self.import_country)),
            ("import_year", self.import_year.trim().to_string()),
            ("holder", self.holder.trim().to_string()),
            ("status", self.status.trim().to_string()),
            ("markings", self.markings.trim().to_string()),
            ("registered_on", self.registered_on.trim().to_string()),
        ]
    }

    fn value(&self, name: &str) -> &str {
        match name {
            "make" => &self.make,
            "model" => &self.model,
            "calibre" => &self.calibre,
            "serial" => &self.serial,
            "country_of_manufacture" => &self.country_of_manufacture,
            "year_of_manufacture" => &self.year_of_manufacture,
            "import_marking" => &self.import_marking,
            "import_country" => &self.import_country,
            "import_year" => &self.import_year,
            "holder" => &self.holder,
            "registered_on" => &self.registered_on,
            _ => "",
        }
    }
}

/// The text inputs of the form: name, label id, input type, hint id.
const INPUTS: &[(&str, &str, &str, Option<&str>)] = &[
    ("make", "register-make", "text", None),
    ("model", "register-model", "text", None),
    (
        "calibre",
        "register-calibre",
        "text",
        Some("register-calibre-hint"),
    ),
    (
        "serial",
        "register-serial",
        "text",
        Some("register-serial-hint"),
    ),
    (
        "country_of_manufacture",
        "register-country",
        "text",
        Some("register-country-hint"),
    ),
    ("year_of_manufacture", "register-year", "number", None),
];

const IMPORT_INPUTS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "import_marking",
        "register-import-marking",
        "text",
        Some("register-import-hint"),
    ),
    ("import_country", "register-import-country", "text", None),
    ("import_year", "register-import-year", "number", None),
];

fn text_field(
    page: &Page,
    f: &WeaponForm,
    errors: &[(String, String)],
    (name, label, kind, hint): (&str, &str, &str, Option<&str>),
) -> Markup {
    let err = errors.iter().find(|(k, _)| k == name).map(|(_, m)| m);
    let described = [
        err.map(|_| format!("{name}-error")),
        hint.map(|_| format!("{name}-hint")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        div class={ "field" @if err.is_some() { " invalid" } } {
            label for=(name) { (page.t(label)) }
            input id=(name) name=(name) type=(kind) value=(f.value(name)) dir="auto"
                list=[(name == "holder").then_some("holder-codes")]
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[(!described.is_empty()).then_some(described.as_str())];
            @if let Some(h) = hint { p class="hint" id={ (name) "-hint" } { (page.t(h)) } }
            (field_error(name, err))
        }
    }
}

fn select<V: Vocabulary>(
    page: &Page,
    name: &str,
    label: &str,
    vocabulary: &str,
    chosen: &str,
    errors: &[(String, String)],
) -> Markup {
    let err = errors.iter().find(|(k, _)| k == name).map(|(_, m)| m);
    html! {
        div class={ "field" @if err.is_some() { " invalid" } } {
            label for=(name) { (page.t(label)) }
            select id=(name) name=(name) aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| format!("{name}-error"))] {
                @for v in V::ALL {
                    option value=(v.name()) selected[v.name() == chosen] { (page.term(vocabulary, v.name())) }
                }
            }
            (field_error(name, err))
        }
    }
}

fn form_page(
    page: &Page,
    user: &WebUser,
    holders: &[Holder],
    f: &WeaponForm,
    errors: &[(String, String)],
    problem: Option<String>,
) -> Response {
    let title = page.t("register-title");
    let status = if errors.is_empty() && problem.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let category = if f.category.is_empty() {
        "pistol_revolver"
    } else {
        &f.category
    };
    let chosen_status = if f.status.is_empty() {
        "in_stock"
    } else {
        &f.status
    };
    let body = html! {
        @if let Some(p) = &problem { (notice("error", p)) }
        @if !errors.is_empty() { (notice("error", &page.t("form-has-errors"))) }
        p class="hint" { (page.t("register-intro")) }
        form method="post" action="/weapons/new" class="card" novalidate {
            input type="hidden" name="_csrf" value=(user.csrf);
            fieldset {
                legend { (page.t("register-weapon")) }
                (select::<Category>(page, "category", "register-category", "category", category, errors))
                @for i in INPUTS { (text_field(page, f, errors, *i)) }
                p class="notice warn" id="marking-warning" role="status" hidden { (page.t("register-marking-warning")) }
            }
            fieldset {
                legend { (page.t("register-import")) }
                @for i in IMPORT_INPUTS { (text_field(page, f, errors, *i)) }
            }
            fieldset {
                legend { (page.t("register-holding")) }
                (text_field(page, f, errors, ("holder", "register-holder", "text", Some("register-holder-hint"))))
                datalist id="holder-codes" {
                    @for h in holders { option value=(h.code) { (h.name) } }
                }
                (select::<Status>(page, "status", "register-status", "status", chosen_status, errors))
                (text_field(page, f, errors, ("registered_on", "register-registered-on", "date", Some("register-registered-on-hint"))))
            }
            div class={ "field" @if errors.iter().any(|(k, _)| k == "markings") { " invalid" } } {
                label for="markings" { (page.t("register-markings")) }
                textarea id="markings" name="markings" rows="2" dir="auto" aria-describedby="markings-hint" { (f.markings) }
                p class="hint" id="markings-hint" { (page.t("register-markings-hint")) }
                (field_error("markings", errors.iter().find(|(k, _)| k == "markings").map(|(_, m)| m)))
            }
            button type="submit" class="primary" { (page.t("register-submit")) }
        }
    };
    page.render_status(status, &title, body)
}

async fn holders(page: &Page) -> Result<Vec<Holder>, Response> {
    let s = page.state.clone();
    blocking(move || Ok(s.store().holders()?))
        .await
        .map_err(|e| page.failure(e))
}

/// The registration form.
pub(crate) async fn form(page: Page) -> Answer {
    let user = page.allowed(Action::RegisterWeapon).await?.clone();
    let hs = holders(&page).await?;
    let f = WeaponForm {
        holder: user.agency.clone().unwrap_or_default(),
        ..WeaponForm::default()
    };
    Ok(form_page(&page, &user, &hs, &f, &[], None))
}

/// Registers the weapon, or shows the form again with a message beside each field.
pub(crate) async fn submit(page: Page, Form(f): Form<WeaponForm>) -> Answer {
    let user = page.allowed(Action::RegisterWeapon).await?.clone();
    if !page.csrf_ok(&f.csrf) {
        return Err(page.csrf_refused());
    }
    let s = page.state.clone();
    let fields = f.fields();
    let (author, agency) = (user.username.clone(), user.agency.clone());
    let result = blocking(move || {
        let given: Vec<(&str, &str)> = fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, v.as_str()))
            .collect();
        Ok(crate::recording::register_weapon(
            &s,
            &author,
            agency.as_deref(),
            &given,
        ))
    })
    .await
    .map_err(|e| page.failure(e))?;
    match result {
        Ok(r) => {
            let outcome = if r.seq.is_some() {
                "written"
            } else {
                "already_present"
            };
            page.log("weapon.register", &r.weapon.to_string(), outcome)
                .await?;
            let to = match r.seq {
                Some(seq) => format!("/weapons/{}?registered={seq}", r.weapon),
                None => format!("/weapons/{}?present=1", r.weapon),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            page.log("weapon.register", "-", e.code.as_str()).await?;
            let hs = holders(&page).await?;
            match (e.code, e.field) {
                (ErrorCode::InvalidField | ErrorCode::OutsideAgency, Some(field))
                    if field != "-" =>
                {
                    let errs = vec![(field, e.message)];
                    Ok(form_page(&page, &user, &hs, &f, &errs, None))
                }
                _ => Ok(form_page(&page, &user, &hs, &f, &[], Some(e.message))),
            }
        }
    }
}
