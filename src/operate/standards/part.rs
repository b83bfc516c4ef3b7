//! What one part of a standard measured, with its numbers (GUIDE.md §2): the figures
//! compared, the threshold, and how far a failing figure falls short, in the profile's units.

use crate::values::measure::Quantity;
use crate::values::rate::Rate;

/// One part of a standard, measured: met or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Whether it is met.
    pub holds: bool,
    /// What was measured.
    pub measure: Measure,
}

/// Which enterprises a share counts （二）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseGroup {
    /// 主导产业企业 (产业集聚度).
    LeadingIndustries,
    /// 小微企业.
    SmallMicro,
}

/// The non-production share capped by （二）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonProduction {
    /// Its land (mu) of the industrial land.
    Land,
    /// Its plot-ratio floor area (m²) of the whole plot-ratio floor area.
    Floor,
}

/// What the developer holds itself （四）, of which floor area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfHeldUse {
    /// 自持非生产性用房, of the non-production floor area.
    NonProductionOfNonProduction,
    /// 自持非生产性用房, of the total floor area.
    NonProductionOfTotal,
    /// 自持生产性用房, of the total floor area.
    ProductionOfTotal,
}

/// How long the developer must hold （四）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldFor {
    /// Non-production floor: the land-use term.
    LandUseTerm,
    /// Production floor: years after the park opens.
    AfterOpening,
}

/// A unit size floor （四）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// 可分割的基本单元.
    Divisible,
    /// 可出售用房套型.
    Saleable,
}

/// An amount per mu of land （四）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerMuOf {
    /// 固定资产投资强度.
    FixedAssetInvestment,
    /// 土地税收.
    Tax,
}

/// Value added per unit of （四）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueAddedPer {
    /// Per tonne of emissions.
    Emissions,
    /// Per tonne of standard coal.
    Energy,
}

/// The numbers of one part. Shares are percentages rounded down to 0.1% (so that a failing
/// share never reads as its threshold); shortfalls are rounded up.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// The park's size: either the land or the floor area suffices.
    Size {
        land_mu: Option<Quantity>,
        min_mu: Quantity,
        floor_m2: Option<Quantity>,
        min_m2: Quantity,
        more_mu: Quantity,
        more_m2: Quantity,
    },
    /// The plot ratio: plot-ratio floor area over the land.
    PlotRatio {
        ratio: Quantity,
        floor_m2: Quantity,
        land_mu: Quantity,
        land_m2: Quantity,
        min: Quantity,
        more_m2: Quantity,
    },
    /// The green ratio: green area over the land.
    GreenRatio {
        percent: Quantity,
        green_m2: Quantity,
        land_m2: Quantity,
        min: Rate,
        more_m2: Quantity,
    },
    /// The number of leading industries.
    LeadingIndustries {
        codes: Vec<String>,
        max: Quantity,
        fewer: Quantity,
    },
    /// A share of the resident enterprises, at least: add to both, or take from the rest.
    EnterpriseShare {
        group: EnterpriseGroup,
        part: u64,
        whole: u64,
        percent: Quantity,
        min: Rate,
        add: u64,
        remove: u64,
    },
    /// A non-production share, at most.
    NonProductionShare {
        of: NonProduction,
        part: Quantity,
        whole: Quantity,
        percent: Quantity,
        max: Rate,
        excess: Quantity,
        limit: Quantity,
    },
    /// Parking spaces per 100 m² of floor area.
    Parking {
        spaces: u64,
        floor_m2: Quantity,
        per_100_m2: Quantity,
        min: Quantity,
        more: u64,
    },
    /// A self-held share of a floor area.
    SelfHeldShare {
        held: SelfHeldUse,
        held_m2: Quantity,
        percent: Quantity,
        whole_m2: Quantity,
        min: Rate,
        more_m2: Quantity,
    },
    /// Years held, against what they must reach.
    HeldYears {
        basis: HeldFor,
        years: u32,
        min_years: u32,
        more: u32,
    },
    /// The smallest unit of a kind.
    SmallestUnit {
        unit: UnitKind,
        m2: Quantity,
        min: Quantity,
        larger: Quantity,
    },
    /// Whether the non-production floor is divided and sold on its own (it may not be).
    SoldSeparately { sold: bool },
    /// An amount per mu of land.
    PerMu {
        of: PerMuOf,
        amount: Quantity,
        land_mu: Quantity,
        per_mu: Quantity,
        min: Quantity,
        more: Quantity,
    },
    /// Value added per unit of emissions or energy (no figure per unit when there are none).
    ValueAdded {
        per: ValueAddedPer,
        value_added: Quantity,
        units: Quantity,
        each: Option<Quantity>,
        min: Quantity,
        more: Quantity,
        at_most: Quantity,
    },
}
