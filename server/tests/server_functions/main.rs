//! Every registered server function, called the ways a careless or hostile client calls it:
//! signed out, as a member where administrators are required, with another user's ids, with
//! invalid input, and with control characters in each text argument. The table must name every
//! function the server registers, so a new function cannot be added without its entry.

#[path = "../common/mod.rs"]
mod common;
mod records;
mod table;

use app::equipment::api::RevealEquipmentSecret;
use app::images::api::GetImage;
use app::projects::api::GetProject;
use app::sketches::api::GetSketch;

use std::collections::BTreeSet;

use common::Client;
use records::Records;
use table::{cases, Access};

fn with(args: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut args: Vec<(String, String)> = args
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    args.extend(changes.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    args
}

async fn call(c: &Client, name: &str, args: &[(String, String)]) -> common::Answer {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.call(name, &args).await
}

#[test]
fn the_table_names_every_registered_server_function() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let listed: BTreeSet<String> = cases().iter().map(|c| c.name.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "server functions without an entry: {missing:?}; entries without a function: {stale:?}"
    );
}

both_backends!(
    every_server_function_answers_client_mistakes_with_their_status,
    [],
    |app| async move {
        let owner = app.admin("owner@example.org").await;
        let member = app.member("member@example.org").await;
        let records = Records::create(&app, &owner).await;
        let anon = app.client();
        let mut failures = Vec::new();
        let expect = |failures: &mut Vec<String>,
                      name: &str,
                      what: &str,
                      answer: common::Answer,
                      status: u16| {
            if answer.status != status {
                failures.push(format!(
                    "{name} {what}: {} {} (expected {status})",
                    answer.status, answer.body
                ));
            }
        };
        for case in cases() {
            let args = records.fill(case.args);
            let signed_out = match case.access {
                Access::Public(status) => status,
                _ => 401,
            };
            expect(
                &mut failures,
                case.name,
                "signed out",
                call(&anon, case.name, &args).await,
                signed_out,
            );
            if case.access == Access::Admin {
                expect(
                    &mut failures,
                    case.name,
                    "as a member",
                    call(&member, case.name, &args).await,
                    403,
                );
            }
            if case.foreign {
                expect(
                    &mut failures,
                    case.name,
                    "with another user's id",
                    call(&member, case.name, &args).await,
                    404,
                );
            }
            // Invalid input is tried by someone allowed to call: validation comes first.
            let caller = if case.access == Access::Admin {
                &owner
            } else {
                &member
            };
            if let Some((changes, status)) = case.invalid {
                expect(
                    &mut failures,
                    case.name,
                    "with invalid input",
                    call(caller, case.name, &with(&args, changes)).await,
                    status,
                );
            }
            for field in case.text {
                for bad in ["bell\u{7}", "esc\u{1b}[2J", "bare\rreturn", "nul\u{0}byte"] {
                    let answer = call(caller, case.name, &with(&args, &[(field, bad)])).await;
                    let named = answer.body["field"].as_str().is_some_and(|f| !f.is_empty());
                    if answer.status != 422
                        || !named
                        || answer.body["problem"] != "invalid_characters"
                    {
                        failures.push(format!(
                            "{} with {bad:?} in {field}: {} {}",
                            case.name, answer.status, answer.body
                        ));
                    }
                }
            }
            // Arguments that do not decode (here: none at all where some are required).
            if !case.args.is_empty() {
                let answer = call(caller, case.name, &[]).await;
                if answer.status >= 500 {
                    failures.push(format!(
                        "{} without arguments: {} {}",
                        case.name, answer.status, answer.body
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
        // Nothing the intruder or the invalid calls tried changed the owner's records.
        let id = |i: usize| records.0[i].1.clone();
        assert_eq!(owner.run_ok(GetImage { id: id(0) }).await.title, "");
        assert_eq!(owner.run_ok(GetSketch { id: id(1) }).await.title, "Rain");
        let key = RevealEquipmentSecret {
            id: id(9),
            secret: "license_key".into(),
        };
        assert_eq!(owner.run_ok(key).await, "DIVA-0001");
        let project = owner.run_ok(GetProject { id: id(10) }).await;
        assert_eq!(
            (project.project.name.as_str(), project.project.total_files),
            ("Release", 1)
        );
        assert_eq!(project.folders.len(), 5);
        assert!(project.assets.is_empty());
        app
    }
);
