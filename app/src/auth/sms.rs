//! The SMS seam (短信网关). Sign-in codes leave the server through [`SmsGateway`]; which implementation runs
//! is configuration (`LINGONG_SMS`), so a provider's HTTP API is one more implementation, not a change to
//! the sign-in code.
//!
//! - `log` (the default): the message goes to the server log, for development and demos.
//! - `file:<path>`: each message is appended to a JSON-lines file, which browser tests read.
//! - [`MemorySms`]: kept in memory, for Rust tests.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use crate::i18n::Lang;
use crate::model::Phone;

/// A text message to one phone.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SmsMessage {
    pub phone: String,
    pub text: String,
    /// The sign-in code the text carries, kept apart so test outboxes need not parse the text.
    pub code: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the SMS could not be sent: {0}")]
pub struct SmsError(pub String);

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>>;

pub trait SmsGateway: Send + Sync + std::fmt::Debug {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a>;
}

/// The text of a sign-in code message, in the language the person uses on the site.
pub fn code_message(phone: &Phone, code: &str, lang: Lang, valid_minutes: i64) -> SmsMessage {
    let text = match lang {
        Lang::Zh => format!(
            "【零工市场】您的登录验证码是{code}，{valid_minutes}分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。"
        ),
        Lang::En => format!(
            "[Lingong] Your sign-in code is {code}, valid for {valid_minutes} minutes. Staff never ask for this code: do not share it."
        ),
    };
    SmsMessage {
        phone: phone.as_str().to_owned(),
        text,
        code: code.to_owned(),
    }
}

/// Development: writes the message to the server log instead of sending it.
#[derive(Debug, Default)]
pub struct LogSms;

impl SmsGateway for LogSms {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(target: "lingong::sms", phone = %message.phone, text = %message.text, "SMS (development gateway: not sent)");
            Ok(())
        })
    }
}

/// Browser tests: appends each message as one JSON line to a file.
#[derive(Debug)]
pub struct FileSms {
    path: PathBuf,
    // Appends from concurrent requests must not interleave.
    lock: tokio::sync::Mutex<()>,
}

impl FileSms {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: tokio::sync::Mutex::new(()),
        }
    }
}

impl SmsGateway for FileSms {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a> {
        Box::pin(async move {
            use tokio::io::AsyncWriteExt;
            let mut line = serde_json::to_string(message).map_err(|e| SmsError(e.to_string()))?;
            line.push('\n');
            let _guard = self.lock.lock().await;
            let mut file = tokio::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .await
                .map_err(|e| SmsError(format!("{}: {e}", self.path.display())))?;
            file.write_all(line.as_bytes())
                .await
                .map_err(|e| SmsError(format!("{}: {e}", self.path.display())))
        })
    }
}

/// Rust tests: keeps every message so the test can read the code it was sent.
#[derive(Debug, Default, Clone)]
pub struct MemorySms {
    sent: Arc<Mutex<Vec<SmsMessage>>>,
}

impl MemorySms {
    /// The most recent code sent to `phone`.
    pub fn last_code(&self, phone: &str) -> Option<String> {
        self.sent
            .lock()
            .ok()?
            .iter()
            .rev()
            .find(|m| m.phone == phone)
            .map(|m| m.code.clone())
    }

    pub fn count(&self) -> usize {
        self.sent.lock().map(|s| s.len()).unwrap_or(0)
    }

    /// Every message sent so far, oldest first.
    pub fn sent(&self) -> Vec<SmsMessage> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl SmsGateway for MemorySms {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a> {
        Box::pin(async move {
            self.sent
                .lock()
                .map_err(|_| SmsError("outbox poisoned".to_owned()))?
                .push(message.clone());
            Ok(())
        })
    }
}

/// Builds the gateway named by configuration: `log` or `file:<path>`.
pub fn from_config(setting: &str) -> Result<Arc<dyn SmsGateway>, String> {
    match setting.split_once(':') {
        None if setting == "log" => Ok(Arc::new(LogSms)),
        Some(("file", path)) if !path.is_empty() => Ok(Arc::new(FileSms::new(path.into()))),
        _ => Err(format!(
            "unknown SMS gateway {setting:?}: use \"log\" (development) or \"file:<path>\" (tests)"
        )),
    }
}
