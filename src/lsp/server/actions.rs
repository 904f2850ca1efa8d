//! Code actions' edits and the commands: fix-all to a fixpoint in the core, one finding's
//! fixes from the analysis it was published with, the skeleton inserted.

use super::handlers::{code_str, uri_arg};
use super::*;

impl Inner {
    /// "Fix all safe fixes" to a fixpoint ([`check::fix::fix_all`], as `nianbao fix` does),
    /// as LSP edits over the analysed text, and the number of fixes applied. Runs on a
    /// blocking thread (each round checks the text again).
    pub(super) async fn fix_all_edits(&self, state: &Arc<Analysed>) -> (Vec<TextEdit>, usize) {
        if check::fix::fix_all_edits(&state.findings, Applicability::Safe).is_empty() {
            return (Vec::new(), 0);
        }
        let state = Arc::clone(state);
        tokio::task::spawn_blocking(move || {
            let text = state.text();
            let config = &*state.config;
            let findings = state.findings.to_vec();
            let fixed = if let Some(format) = analysis::markup_format(&state.language_id, text) {
                let recheck = |t: &str| check::check_source(t, format, config).1;
                check::fix::fix_all_by(text, findings, Applicability::Safe, &recheck)
            } else {
                check::fix::fix_all(text, findings, config, Applicability::Safe)
            };
            let edits = check::fix::diff_edits(text, &fixed.text);
            (
                analysis::text_edits(&edits, &state.rope, state.enc),
                fixed.applied,
            )
        })
        .await
        .unwrap_or_default()
    }

    /// The analysis a code action's diagnostic was published from, if its text is still the
    /// document's, and the index of its finding there (looked up by code, message and range
    /// when the analysis was made again for the same text, after a configuration change).
    pub(super) fn finding_of(
        &self,
        uri: &Uri,
        d: &tower_lsp_server::ls_types::Diagnostic,
    ) -> Option<(Arc<Analysed>, usize)> {
        let data = serde_json::from_value::<DiagnosticData>(d.data.clone()?).ok()?;
        let state = self.lock().docs.get(uri)?.current()?;
        // Fixes computed for another version of the text, or for the same version number of
        // an earlier open of the document, would edit the wrong place.
        if data.version != state.version || data.generation != state.generation {
            return None;
        }
        let code = code_str(d);
        let index = if data.epoch == state.epoch {
            Some(data.index).filter(|&i| state.findings.get(i).is_some_and(|f| f.code == code))
        } else {
            state.findings.iter().position(|f| {
                f.code == code
                    && f.message == d.message
                    && text_range_to_range(&state.rope, f.range, state.enc) == d.range
            })
        }?;
        Some((state, index))
    }

    /// The analysis an action's `data` names, if it is still the document's current one.
    pub(super) fn state_of_action(&self, data: &ActionData) -> Option<Arc<Analysed>> {
        let uri: Uri = data.uri.parse().ok()?;
        self.lock()
            .docs
            .get(&uri)?
            .current()
            .filter(|s| s.epoch == data.epoch)
    }

    pub(super) fn workspace_edit(
        &self,
        uri: &Uri,
        version: i32,
        edits: Vec<TextEdit>,
    ) -> WorkspaceEdit {
        if self.lock().flags.document_changes {
            // Versioned edit: the client rejects it if the document moved on meanwhile.
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: Some(version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            }
        }
    }

    pub(super) async fn command_fix_all(
        self: &Arc<Self>,
        args: &[Value],
    ) -> Result<Option<LSPAny>> {
        let uri = uri_arg(args.first().unwrap_or(&Value::Null))?;
        let Some(state) = self.current_state(&uri).await else {
            return Err(Error::invalid_params("document not open"));
        };
        let (edits, count) = self.fix_all_edits(&state).await;
        if edits.is_empty() {
            return Ok(Some(json!({ "applied": true, "count": 0 })));
        }
        let edit = self.workspace_edit(&uri, state.version, edits);
        let resp = self.client.apply_edit(edit).await?;
        Ok(Some(json!({ "applied": resp.applied, "count": count })))
    }

    pub(super) async fn command_insert_skeleton(&self, args: &[Value]) -> Result<Option<LSPAny>> {
        let first = args.first().unwrap_or(&Value::Null);
        let uri = uri_arg(first)?;
        let year = first
            .get("year")
            .or_else(|| args.get(1))
            .and_then(Value::as_i64)
            .and_then(|y| i32::try_from(y).ok())
            .ok_or_else(|| Error::invalid_params("expected a report year"))?;
        let (version, at, prefix, format) = {
            let st = self.lock();
            let doc = st
                .docs
                .get(&uri)
                .ok_or_else(|| Error::invalid_params("document not open"))?;
            let markdown = doc.language_id.eq_ignore_ascii_case("markdown")
                || uri.as_str().ends_with(".md")
                || uri.as_str().ends_with(".markdown");
            let format = if markdown {
                crate::skeleton::Format::Markdown
            } else {
                crate::skeleton::Format::Text
            };
            let len = doc.rope.len_chars();
            let prefix = match (len, len.checked_sub(1).map(|i| doc.rope.char(i))) {
                (0, _) => "",
                (_, Some('\n')) => "\n",
                (_, Some('\r')) => "\r",
                _ => "\n\n",
            };
            (
                doc.version,
                char_to_position(&doc.rope, len, st.enc),
                prefix,
                format,
            )
        };
        let body = crate::skeleton::render(year, format)
            .ok_or_else(|| Error::invalid_params(format!("no template for the year {year}")))?;
        let edit = TextEdit::new(Range::new(at, at), format!("{prefix}{body}"));
        let edit = self.workspace_edit(&uri, version, vec![edit]);
        let resp = self.client.apply_edit(edit).await?;
        Ok(Some(json!({ "applied": resp.applied })))
    }
}
