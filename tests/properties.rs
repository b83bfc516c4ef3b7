//! Invariants of the engine over generated applications (GUIDE.md §1).

use cixi_parks::facts::application::{
    Application, DigitalInvestment, InvestmentKind, OtherGrant, Park, PriorGrant, ResidentEnterprise, StarRating, Year,
};
use cixi_parks::facts::yaml::Located;
use cixi_parks::values::money::Money;
use cixi_parks::values::rating::{Grade, Stars};
use cixi_parks::values::uscc::Uscc;
use cixi_parks::{ItemId, LoadedPolicy, Status, assess};
use jiff::civil::Date;
use proptest::prelude::*;

fn fen(f: i64) -> Money {
    Money::parse(&format!("{}.{:02}", f / 100, f % 100)).unwrap()
}

fn signed_fen(f: i64) -> Money {
    let m = fen(f.abs());
    if f < 0 { Money::ZERO.checked_sub(m).unwrap() } else { m }
}

fn date() -> impl Strategy<Value = Date> {
    (2020i16..=2024, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn grade() -> impl Strategy<Value = Option<Grade>> {
    prop_oneof![
        Just(None),
        Just(Some(Grade::A)),
        Just(Some(Grade::B)),
        Just(Some(Grade::C)),
        Just(Some(Grade::D))
    ]
}

fn item() -> impl Strategy<Value = ItemId> {
    prop_oneof![
        Just(ItemId::ProvincialListing),
        Just(ItemId::StarAward),
        Just(ItemId::FiscalRebate),
        Just(ItemId::DigitalSubsidy)
    ]
}

fn investment() -> impl Strategy<Value = DigitalInvestment> {
    (any::<bool>(), 0i64..2_000_000_000, date()).prop_map(|(soft, amount, paid_on)| DigitalInvestment {
        item: "平台".into(),
        kind: if soft {
            InvestmentKind::Soft
        } else {
            InvestmentKind::Hardware
        },
        amount: fen(amount),
        paid_on,
    })
}

/// Valid codes: a fixed stem with a running number, the check character computed.
fn uscc(n: usize) -> Uscc {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let stem = format!("91330100{n:09}");
    let sum: usize = stem
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| w * ALPHABET.iter().position(|a| *a == b).unwrap())
        .sum();
    let check = ALPHABET[(31 - sum % 31) % 31] as char;
    Uscc::parse(&format!("{stem}{check}")).unwrap()
}

prop_compose! {
    fn application()(
        year in prop_oneof![8 => 2021i64..=2023, 1 => 2019i64..=2025],
        listing in proptest::option::of(date()),
        grade in grade(),
        rating in proptest::option::of((1u8..=5, date())),
        accepted in proptest::option::of(date()),
        contributions in proptest::collection::vec(-50_000_000i64..400_000_000, 0..8),
        investments in proptest::collection::vec(investment(), 0..6),
        prior in proptest::collection::vec((item(), 0i64..60_000_000), 0..3),
        other in proptest::collection::vec((item(), 0i64..80_000_000), 0..2),
    ) -> Application {
        Application {
            park: Park { id: "CX-P".into(), name: "园".into(), town: "镇".into(), operator: "运营".into() },
            year: Year::new(year).unwrap(),
            provincial_listing: listing,
            performance_grade: grade,
            star_rating: rating.map(|(s, d)| StarRating { stars: Stars::new(s).unwrap(), recognized_on: d }),
            completion_accepted_on: accepted,
            resident_enterprises: contributions.iter().enumerate().map(|(i, c)| Located::new(ResidentEnterprise {
                uscc: uscc(i), name: format!("企业{i}"), city_fiscal_contribution: signed_fen(*c),
            }, None)).collect(),
            digital_investments: investments.into_iter().map(|i| Located::new(i, None)).collect(),
            prior_grants: prior.into_iter().map(|(item, a)| Located::new(PriorGrant { item, year: Year::new(2021).unwrap(), amount: fen(a) }, None)).collect(),
            other_grants: other.into_iter().map(|(item, a)| Located::new(OtherGrant { item, source: "他项政策".into(), amount: fen(a) }, None)).collect(),
            overrides: vec![],
            decided_amounts: vec![],
        }
    }
}

/// `-?[0-9]{1,15}(\.[0-9]{1,2})?`, the amounts a batch reads from their bytes.
fn regex_is_plain_amount(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (1..=15).contains(&whole.len()) && (1..=2).contains(&fraction.len()) && all_digits(whole) && all_digits(fraction)
}

fn policy() -> &'static LoadedPolicy {
    static POLICY: std::sync::OnceLock<LoadedPolicy> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| LoadedPolicy::from_texts(&[]).unwrap())
}

fn amount(a: &cixi_parks::Assessment, item: ItemId) -> Money {
    a.items[item.index()].amount
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn total_is_the_sum_of_the_items_and_every_amount_is_fen_and_not_negative(app in application()) {
        let a = assess(&app, policy()).unwrap();
        let mut sum = Money::ZERO;
        prop_assert_eq!(a.items.len(), 4);
        for (r, id) in a.items.iter().zip(ItemId::ALL) {
            prop_assert_eq!(r.item, id);
            prop_assert!(!r.amount.is_negative());
            prop_assert!(r.amount.as_decimal().scale() <= 2);
            sum = sum.checked_add(r.amount).unwrap();
        }
        prop_assert_eq!(a.total, sum);
    }

    #[test]
    fn no_item_exceeds_its_cap_or_rung(app in application()) {
        let a = assess(&app, policy()).unwrap();
        prop_assert!(amount(&a, ItemId::ProvincialListing) <= Money::from_yuan(100_000));
        prop_assert!(amount(&a, ItemId::StarAward) <= Money::from_yuan(500_000));
        prop_assert!(amount(&a, ItemId::FiscalRebate) <= Money::from_yuan(3_000_000));
        prop_assert!(amount(&a, ItemId::DigitalSubsidy) <= Money::from_yuan(1_000_000));
    }

    #[test]
    fn the_group_never_pays_beyond_its_highest_rung(app in application()) {
        let a = assess(&app, policy()).unwrap();
        let paid_before = app.prior_grants.iter()
            .filter(|g| matches!(g.item, ItemId::ProvincialListing | ItemId::StarAward))
            .fold(Money::ZERO, |s, g| s.checked_add(g.amount).unwrap());
        let now = amount(&a, ItemId::ProvincialListing).checked_add(amount(&a, ItemId::StarAward)).unwrap();
        let after = paid_before.checked_add(now).unwrap();
        // At most one rung is paid in a year, and never past the highest rung (500,000) in all.
        prop_assert!(amount(&a, ItemId::ProvincialListing).is_zero() || amount(&a, ItemId::StarAward).is_zero());
        if !now.is_zero() {
            prop_assert!(after <= Money::from_yuan(500_000), "paid before {} + now {}", paid_before, now);
        }
    }

    #[test]
    fn more_investment_never_lowers_the_subsidy(app in application(), extra in investment()) {
        let before = assess(&app, policy()).unwrap();
        let mut more = app.clone();
        more.digital_investments.push(Located::new(extra, None));
        let after = assess(&more, policy()).unwrap();
        prop_assert!(amount(&after, ItemId::DigitalSubsidy) >= amount(&before, ItemId::DigitalSubsidy));
    }

    #[test]
    fn a_year_outside_the_policy_pays_nothing(app in application()) {
        let a = assess(&app, policy()).unwrap();
        if !(2021..=2023).contains(&app.year.get()) {
            prop_assert!(a.items.iter().all(|r| r.status == Status::NotInForce && r.amount.is_zero()));
        }
    }

    #[test]
    fn money_text_round_trips(f in -10_000_000_000_000i64..10_000_000_000_000) {
        let m = signed_fen(f);
        prop_assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
    }

    /// A batch reads its millions of contributions in whole fen: exactly what reading them as
    /// money gives, or the same refusal.
    #[test]
    fn an_amount_in_fen_is_the_amount(text in "[ ]?[-+]?[0-9]{0,19}(\\.[0-9]{0,3})?[ ]?") {
        prop_assert_eq!(
            Money::parse_fen(&text),
            Money::parse(&text).map(|m| m.to_fen().expect("an amount read fits in fen"))
        );
    }

    /// A batch reads a plainly written contribution from its bytes: when it does, it reads
    /// what the full reading gives; and every plain amount is read that way.
    #[test]
    fn a_plain_amount_read_from_its_bytes_is_the_amount(
        text in "[ ]?[-+]?[0-9]{0,19}(\\.[0-9]{0,3})?[ ]?|[-0-9.+ ]{0,8}|-?[0-9]{1,15}(\\.[0-9]{1,2})?"
    ) {
        let plain = regex_is_plain_amount(&text);
        match Money::fen_if_plain(text.as_bytes()) {
            Some(fen) => prop_assert_eq!(Ok(fen), Money::parse_fen(&text)),
            None => prop_assert!(!plain, "{text:?} is plain, but was not read from its bytes"),
        }
    }

    /// A batch reads a code written exactly from its bytes: when it does, it reads what the
    /// full reading gives; and every valid code is read that way.
    #[test]
    fn a_code_read_from_its_bytes_is_the_code(
        n in 0usize..1_000_000,
        edit in prop_oneof![
            Just(None),
            (0usize..18, proptest::char::range('0', 'z')).prop_map(Some),
        ],
        around in prop_oneof![Just(""), Just(" "), Just("\u{3000}")],
    ) {
        let mut text = uscc(n).as_str().to_string();
        if let Some((at, c)) = edit {
            text.replace_range(at..at + 1, &c.to_string());
        }
        let text = format!("{around}{text}");
        match Uscc::packed_if_exact(text.as_bytes()) {
            Some(packed) => {
                prop_assert_eq!(Ok(packed), Uscc::parse_packed(&text));
                let unpacked = packed.unpack();
                prop_assert_eq!(unpacked.as_str(), text.as_str());
            }
            None => prop_assert!(
                !around.is_empty() || Uscc::parse_packed(&text).is_err(),
                "{text:?} is a valid code, but was not read from its bytes"
            ),
        }
    }

    #[test]
    fn money_in_whole_fen_is_decimal_arithmetic(a in any::<i64>(), b in any::<i64>()) {
        // Money is held in whole fen; each operation must give what `Decimal` at two decimals
        // gives, to the character.
        use rust_decimal::Decimal;
        let (x, y) = (Money::from_fen(a), Money::from_fen(b));
        let (dx, dy) = (Decimal::new(a, 2), Decimal::new(b, 2));
        prop_assert_eq!(x.to_string(), dx.to_string());
        prop_assert_eq!(x.as_decimal(), dx);
        prop_assert_eq!(x.cmp(&y), dx.cmp(&dy));
        prop_assert_eq!(x.checked_add(y).map(Money::as_decimal), dx.checked_add(dy));
        prop_assert_eq!(x.checked_sub(y).map(Money::as_decimal), dx.checked_sub(dy));
        prop_assert_eq!(Money::checked_sum([x, y, x]).map(Money::as_decimal), Some(dx + dy + dx));
        prop_assert_eq!(x.is_negative(), dx.is_sign_negative() && !dx.is_zero());
    }

    #[test]
    fn rounding_to_the_fen_is_decimal_rounding(mantissa in -(10i64.pow(18))..10i64.pow(18), scale in 0u32..9) {
        use rust_decimal::{Decimal, RoundingStrategy};
        let exact = Decimal::new(mantissa, scale);
        let mut expected = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        expected.rescale(2);
        let rounded = cixi_parks::Unrounded::from_decimal(exact).round_half_up();
        prop_assert_eq!(rounded.to_string(), expected.to_string());
        prop_assert_eq!(rounded.as_decimal(), expected);
    }

    /// The same over the whole range a `Decimal` holds: any 96-bit mantissa, any scale.
    #[test]
    fn rounding_to_the_fen_is_decimal_rounding_at_any_scale(mantissa in -(1i128 << 96) + 1..(1i128 << 96), scale in 0u32..=28) {
        use rust_decimal::{Decimal, RoundingStrategy};
        let exact = Decimal::from_i128_with_scale(mantissa, scale);
        let mut expected = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        expected.rescale(2);
        // Beyond 2^96 fen (7.9 × 10^26 yuan) a `Decimal` cannot hold the fen: `Money` holds
        // the bound there instead, as before.
        prop_assume!(expected.scale() == 2);
        let rounded = cixi_parks::Unrounded::from_decimal(exact).round_half_up();
        prop_assert_eq!(rounded.as_decimal(), expected);
    }

    #[test]
    fn rounding_is_half_up_to_the_fen(thousandths in 0i64..1_000_000_000) {
        // x = thousandths / 1000 yuan; ×10% of x×10 gives the same x exactly.
        let base = fen(thousandths);
        let rate = cixi_parks::values::rate::Rate::parse("10%").unwrap();
        let exact = cixi_parks::Unrounded::of_rate(base, rate).unwrap();
        let expected_fen = (thousandths + 5) / 10;
        prop_assert_eq!(exact.round_half_up(), fen(expected_fen));
    }
}
