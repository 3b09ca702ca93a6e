//! Structure-aware: bundles shaped like real ones, drawn from a bundled framework's own
//! vocabulary (its kinds, their typed attributes, its profile facts, registers of its register
//! kinds, attestations and waivers of its rules), so that the fuzzer explores assessment rather
//! than parsing. Values have the declared type most of the time, and sometimes another one.

#![no_main]

use icp_assess::jiff::civil::Date;
use icp_assess::model::{
    Answer, Assurance, Attestation, EvidenceItem, Period, Register, Subject, Value, ValueType,
    Waiver,
};
use icp_assess::{EvidenceBundle, Framework};
use icp_assess_fuzz::{as_of, assess_and_check, bundled};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const ASSURANCES: [Assurance; 4] = [
    Assurance::SelfDeclared,
    Assurance::Documented,
    Assurance::Tested,
    Assurance::IndependentlyAudited,
];

fn day(u: &mut Unstructured) -> Result<Date> {
    let back = u.int_in_range(-30i64..=2500)?;
    Ok(as_of()
        .checked_sub(icp_assess::jiff::Span::new().days(back))
        .unwrap_or(as_of()))
}

fn value(u: &mut Unstructured, ty: &ValueType) -> Result<Value> {
    if u.ratio(1u8, 20)? {
        // The wrong type now and then: prepare must refuse it cleanly.
        return Ok(Value::from(u.arbitrary::<i32>()?));
    }
    Ok(match ty {
        ValueType::Bool => Value::from(u.arbitrary::<bool>()?),
        ValueType::Integer => Value::from(u.int_in_range(-2i64..=2000)?),
        ValueType::Number => Value::try_from(f64::from(u.int_in_range(0u32..=1000)?) / 10.0)
            .unwrap_or(Value::from(0)),
        ValueType::String => {
            Value::from(*u.choose(&["ceo", "board", "compliance", "sales", "x"])?)
        }
        ValueType::Date => Value::from(day(u)?),
        ValueType::List => Value::from(
            vec!["ear_e1", "eu_arms_embargo", "none"]
                .into_iter()
                .filter(|_| u.arbitrary::<bool>().unwrap_or(false))
                .collect::<Vec<_>>(),
        ),
        ValueType::OneOf(allowed) => match u.choose(allowed) {
            Ok(v) => Value::from(v.as_str()),
            Err(_) => Value::from("none"),
        },
    })
}

fn bundle(u: &mut Unstructured, framework: &Framework) -> Result<EvidenceBundle> {
    let def = framework.definition();
    let mut subject = Subject::new("Fictional Fuzzed Ltd");
    for (name, ty) in def.profile_facts.iter() {
        if u.arbitrary::<bool>()? {
            subject = subject.with_fact(name.as_str(), value(u, ty)?);
        }
    }
    let mut bundle = EvidenceBundle::new(subject).with_as_of(as_of());
    for i in 0..u.int_in_range(0usize..=40)? {
        let kind = u.choose(&def.evidence_kinds)?;
        let mut item =
            EvidenceItem::new(format!("EV-{i}"), kind.id.as_str(), *u.choose(&ASSURANCES)?);
        for (name, ty) in kind.attributes.iter() {
            if u.ratio(3u8, 4)? {
                item = item.with(name.as_str(), value(u, ty)?);
            }
        }
        bundle = bundle.with_item(item);
    }
    for kind in def.evidence_kinds.iter().filter(|k| k.register) {
        if u.arbitrary::<bool>()? {
            // Count the records the register covers, or now and then miscount them.
            let from = day(u)?;
            let dated = |e: &&EvidenceItem| {
                let date = kind.dated_by.as_deref().and_then(|a| e.attributes.get(a));
                match date {
                    Some(Value::String(s)) => {
                        s.parse::<Date>().is_ok_and(|d| d >= from && d <= as_of())
                    }
                    _ => false,
                }
            };
            let records = bundle.evidence.iter().filter(|e| e.kind == kind.id);
            let count = records.filter(dated).count() as u64;
            let stated = if u.ratio(1u8, 10)? { count + 1 } else { count };
            let period = Period::new(from, as_of());
            bundle = bundle.with_register(Register::new(
                format!("REG-{}", kind.id),
                kind.id.as_str(),
                period,
                stated,
                *u.choose(&ASSURANCES)?,
            ));
        }
    }
    for rule in def.rules.iter().filter(|r| r.check.is_none()) {
        if u.arbitrary::<bool>()? {
            let answer = *u.choose(&[
                Answer::Yes,
                Answer::Partial,
                Answer::No,
                Answer::NotApplicable,
            ])?;
            bundle = bundle.with_attestation(
                rule.id.as_str(),
                Attestation::new(answer).with_reason("fuzzed"),
            );
        }
    }
    if let Some(rule) = def.rules.get(u.int_in_range(0usize..=def.rules.len() * 4)?) {
        bundle = bundle.with_waiver(
            rule.id.as_str(),
            Waiver::new("fuzzed").with_expires(day(u)?),
        );
    }
    Ok(bundle)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let frameworks = bundled();
    let Ok(framework) = u.choose(&frameworks) else {
        return;
    };
    if let Ok(bundle) = bundle(&mut u, framework) {
        assess_and_check(framework, &bundle);
    }
});
