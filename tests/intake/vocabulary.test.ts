// Frequency, nature and method words as matrices write them in other languages and as single-letter codes, and
// header texts in Korean, Japanese, German, French, Spanish and Portuguese: each case worked out by hand.
import { describe, expect, it } from 'vitest';
import { matchHeader } from '../../server/intake/header-synonyms.ts';
import { normaliseFrequency } from '../../server/intake/normalise-frequency.ts';
import { isNatureWord, normaliseMethod, normaliseNature } from '../../server/intake/normalise-nature-method.ts';

describe('frequency values', () => {
  it.each([
    // the A/S/Q/M/W/D/O cycle codes of Korean and Japanese RCMs
    ['A', 'annual'], ['S', 'semi-annual'], ['Q', 'quarterly'], ['M', 'monthly'], ['W', 'weekly'], ['D', 'daily'], ['O', 'event-driven'],
    ['연간', 'annual'], ['반기', 'semi-annual'], ['분기', 'quarterly'], ['분기별', 'quarterly'], ['월', 'monthly'], ['매월', 'monthly'], ['주간', 'weekly'], ['일', 'daily'], ['수시', 'event-driven'], ['상시', 'continuous'],
    ['年次', 'annual'], ['半期', 'semi-annual'], ['四半期', 'quarterly'], ['月次', 'monthly'], ['週次', 'weekly'], ['日次', 'daily'], ['随時', 'event-driven'],
    ['jährlich', 'annual'], ['halbjährlich', 'semi-annual'], ['quartalsweise', 'quarterly'], ['monatlich', 'monthly'], ['wöchentlich', 'weekly'], ['täglich', 'daily'], ['bei Bedarf', 'event-driven'],
    ['Annuelle', 'annual'], ['semestriel', 'semi-annual'], ['Trimestrielle', 'quarterly'], ['mensuel', 'monthly'], ['hebdomadaire', 'weekly'], ['quotidien', 'daily'], ['ponctuel', 'event-driven'],
    ['anual', 'annual'], ['semestral', 'semi-annual'], ['trimestral', 'quarterly'], ['mensual', 'monthly'], ['semanal', 'weekly'], ['diario', 'daily'], ['según sea necesario', 'event-driven'],
    ['mensal', 'monthly'], ['diária', 'daily'], ['conforme necessário', 'event-driven'],
  ])('%s -> %s', (text, want) => {
    expect(normaliseFrequency(text)).toBe(want);
  });

  it('leaves English prose alone: "continue" is not continuous, and an unknown word is null', () => {
    expect(normaliseFrequency('Continue to monitor')).toBeNull();
    expect(normaliseFrequency('Bi-monthly')).toBeNull();
    expect(normaliseFrequency('X')).toBeNull();
  });
});

describe('nature and method values', () => {
  it.each([
    ['예방', 'preventive'], ['적발', 'detective'], ['予防', 'preventive'], ['発見', 'detective'],
    ['präventiv', 'preventive'], ['detektiv', 'detective'], ['préventif', 'preventive'], ['détectif', 'detective'],
    ['preventivo', 'preventive'], ['detectivo', 'detective'], ['P', 'preventive'], ['D', 'detective'],
  ])('nature %s -> %s', (text, want) => {
    expect(normaliseNature(text).nature).toBe(want);
  });

  it('a corrective control is a nature word without being preventive or detective', () => {
    expect(normaliseNature('Corrective').nature).toBeNull();
    expect(isNatureWord('Corrective')).toBe(true);
    expect(isNatureWord('Monthly')).toBe(false);
  });

  it.each([
    ['M', 'manual'], ['A', 'automated'], ['ITDM', 'it-dependent-manual'],
    ['수동', 'manual'], ['자동', 'automated'], ['반자동', 'it-dependent-manual'],
    ['手動', 'manual'], ['自動', 'automated'], ['半自動', 'it-dependent-manual'],
    ['manuell', 'manual'], ['automatisiert', 'automated'], ['halbautomatisch', 'it-dependent-manual'],
    ['manuel', 'manual'], ['automatique', 'automated'], ['semi-automatique', 'it-dependent-manual'],
    ['automático', 'automated'], ['semiautomático', 'it-dependent-manual'], ['automatizado', 'automated'],
  ])('method %s -> %s', (text, want) => {
    expect(normaliseMethod(text)).toBe(want);
  });
});

describe('headers in other languages', () => {
  it.each([
    ['통제번호', 'controlId'], ['통제명', 'title'], ['통제 설명', 'description'], ['통제 담당자', 'owner'], ['통제주기', 'frequency'], ['예방/적발', 'nature'], ['자동/수동', 'method'],
    ['統制番号', 'controlId'], ['統制名', 'title'], ['統制内容', 'description'], ['担当者', 'owner'], ['頻度', 'frequency'], ['予防/発見', 'nature'], ['自動/手動', 'method'],
    ['Kontroll-ID', 'controlId'], ['Kontrolltitel', 'title'], ['Beschreibung', 'description'], ['Verantwortlich', 'owner'], ['Häufigkeit', 'frequency'], ['Art der Kontrolle', 'nature'], ['Automatisierung', 'method'],
    ['ID du contrôle', 'controlId'], ['Titre', 'title'], ['Description du contrôle', 'description'], ['Responsable', 'owner'], ['Fréquence', 'frequency'], ['Nature du contrôle', 'nature'], ['Automatisation', 'method'],
    ['ID del control', 'controlId'], ['Título', 'title'], ['Descripción', 'description'], ['Frecuencia', 'frequency'], ['Naturaleza', 'nature'], ['Automatización', 'method'],
    ['Código do controle', 'controlId'], ['Descrição do controle', 'description'], ['Responsável', 'owner'], ['Frequência', 'frequency'], ['Natureza', 'nature'], ['Automação', 'method'],
    ['control_type', 'nature'],
  ])('%s -> %s', (header, field) => {
    expect(matchHeader(header)[0]?.field).toBe(field);
  });
});
