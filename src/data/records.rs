//! The typed record files: districts, units, carriers (节水载体) and leaders (水效领跑者).
//! Unknown fields are rejected; enums are the contract's Chinese words.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum DistrictKind {
    #[serde(rename = "县级市")]
    CountyCity,
    #[serde(rename = "区")]
    District,
    #[serde(rename = "开发区")]
    DevelopmentZone,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum UnitKind {
    #[serde(rename = "市级部门")]
    City,
    #[serde(rename = "区级部门")]
    District,
    #[serde(rename = "其他")]
    Other,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum CarrierType {
    #[serde(rename = "企业")]
    Enterprise,
    #[serde(rename = "机关")]
    Office,
    #[serde(rename = "学校")]
    School,
    #[serde(rename = "高校")]
    University,
    #[serde(rename = "小区")]
    Residential,
    #[serde(rename = "灌区")]
    Irrigation,
    #[serde(rename = "园区")]
    Park,
    #[serde(rename = "服务区")]
    ServiceArea,
    #[serde(rename = "公共机构")]
    PublicInstitution,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum Level {
    #[serde(rename = "国家级")]
    National,
    #[serde(rename = "省级")]
    Provincial,
    #[serde(rename = "市级")]
    City,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum Sector {
    #[serde(rename = "工业")]
    Industry,
    #[serde(rename = "农业")]
    Agriculture,
    #[serde(rename = "生活")]
    Domestic,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub id: String,
    pub name: String,
    pub kind: Option<DistrictKind>,
    #[serde(default, deserialize_with = "list_or_text")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: Option<UnitKind>,
    pub url: Option<String>,
    #[serde(default, deserialize_with = "list_or_text")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Carrier {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub carrier_type: Option<CarrierType>,
    pub level: Option<Level>,
    pub district: Option<String>,
    pub year: Option<i32>,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "list_or_text")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub sample: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    pub id: String,
    pub name: String,
    pub sector: Option<Sector>,
    #[serde(rename = "type")]
    pub leader_type: Option<String>,
    pub district: Option<String>,
    pub year: Option<i32>,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "list_or_text")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub sample: Option<bool>,
}

/// What every record kind has: an id, a name, other spellings.
pub trait Record {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    fn aliases(&self) -> &[String] {
        &[]
    }
    fn district(&self) -> Option<&str> {
        None
    }
}

impl Record for District {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> &[String] {
        &self.aliases
    }
}

impl Record for Unit {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> &[String] {
        &self.aliases
    }
}

impl Record for Carrier {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> &[String] {
        &self.aliases
    }
    fn district(&self) -> Option<&str> {
        self.district.as_deref()
    }
}

impl Record for Leader {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> &[String] {
        &self.aliases
    }
    fn district(&self) -> Option<&str> {
        self.district.as_deref()
    }
}

/// Aliases as a YAML list, or in a CSV cell separated by `;`, `；` or `、`.
fn list_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrText {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Option::<ListOrText>::deserialize(d)? {
        None => Vec::new(),
        Some(ListOrText::List(v)) => v,
        Some(ListOrText::Text(s)) => s
            .split([';', '；', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    })
}
