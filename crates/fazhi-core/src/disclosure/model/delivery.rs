//! The form an applicant asks the information in and how it reaches them
//! (art.29(三) "形式要求，包括获取信息的方式、途径"; art.40).
use serde::{Deserialize, Serialize};

use crate::disclosure::DisclosureError;

/// 载体形式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// 纸质
    Paper,
    /// 电子
    Electronic,
}

impl Form {
    pub const ALL: [Form; 2] = [Form::Paper, Form::Electronic];

    pub fn code(self) -> &'static str {
        match self {
            Form::Paper => "paper",
            Form::Electronic => "electronic",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Form::Paper => "纸质",
            Form::Electronic => "电子",
        }
    }

    pub fn parse(code: &str) -> Result<Form, DisclosureError> {
        Form::ALL
            .into_iter()
            .find(|f| f.code() == code.trim())
            .ok_or_else(|| DisclosureError::UnknownCode {
                field: "form",
                what: "载体形式",
                code: code.to_string(),
            })
    }
}

/// 获取方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// 自行领取
    Pickup,
    /// 邮寄
    Post,
    /// 电子邮件
    Email,
    /// 在线获取 (download from the platform)
    Online,
    /// 安排查阅、抄录: art.40 lets the office offer this when the asked form
    /// would endanger the carrier or cost too much.
    InspectOnSite,
}

impl Delivery {
    pub const ALL: [Delivery; 5] = [
        Delivery::Pickup,
        Delivery::Post,
        Delivery::Email,
        Delivery::Online,
        Delivery::InspectOnSite,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Delivery::Pickup => "pickup",
            Delivery::Post => "post",
            Delivery::Email => "email",
            Delivery::Online => "online",
            Delivery::InspectOnSite => "inspect_on_site",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Delivery::Pickup => "自行领取",
            Delivery::Post => "邮寄",
            Delivery::Email => "电子邮件",
            Delivery::Online => "在线获取",
            Delivery::InspectOnSite => "当场查阅、抄录",
        }
    }

    /// Paper cannot travel by e-mail or download; everything else fits both
    /// forms (electronic data can be picked up or posted on a disc).
    pub fn fits(self, form: Form) -> bool {
        !(form == Form::Paper && matches!(self, Delivery::Email | Delivery::Online))
    }

    /// [`Delivery::fits`] as a form check naming the field.
    pub fn check(self, form: Form) -> Result<(), DisclosureError> {
        if self.fits(form) {
            Ok(())
        } else {
            Err(DisclosureError::invalid(
                "delivery",
                format!(
                    "「获取方式」{}不适用于{}形式的信息，请改选自行领取、邮寄或当场查阅",
                    self.label(),
                    form.label()
                ),
            ))
        }
    }

    pub fn parse(code: &str) -> Result<Delivery, DisclosureError> {
        Delivery::ALL
            .into_iter()
            .find(|d| d.code() == code.trim())
            .ok_or_else(|| DisclosureError::UnknownCode {
                field: "delivery",
                what: "获取方式",
                code: code.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_is_not_emailed() {
        assert!(Delivery::Email.check(Form::Paper).is_err());
        assert!(Delivery::Online.check(Form::Paper).is_err());
        for d in Delivery::ALL {
            assert!(d.fits(Form::Electronic), "{d:?}");
        }
        assert!(Delivery::Post.fits(Form::Paper));
        let err = Delivery::Email.check(Form::Paper).unwrap_err();
        assert_eq!(err.field(), Some("delivery"));
        assert!(err.to_string().contains("电子邮件不适用于纸质"), "{err}");
    }

    #[test]
    fn codes_round_trip() {
        for f in Form::ALL {
            assert_eq!(Form::parse(f.code()).unwrap(), f);
        }
        for d in Delivery::ALL {
            assert_eq!(Delivery::parse(d.code()).unwrap(), d);
        }
        assert!(Form::parse("vellum").is_err());
        assert!(Delivery::parse("drone").is_err());
    }
}
