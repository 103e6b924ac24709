// Header texts of the common fields in Korean, Japanese, German, French, Spanish and Portuguese matrices, as
// normaliseHeader leaves them (lower case, Latin accents dropped, punctuation a space: '통제주기', 'frequence',
// 'descricao do controle'). Korean and Japanese write compounds with or without a space: both forms are listed.
import type { ControlField } from '../domain/control.ts';

export const INTL_STRONG: [ControlField, string[]][] = [
  [
    'controlId',
    [
      '통제번호', '통제 번호', '통제코드', '통제 코드', '통제 id', '통제id', '통제 no', '통제no',
      '統制番号', '統制no', '統制id', '統制 番号', 'コントロール番号', 'コントロールid', '統制コード',
      'kontroll id', 'kontrollid', 'kontroll nr', 'kontrollnummer', 'kontroll nummer', 'kontrollreferenz',
      'id du controle', 'identifiant du controle', 'numero du controle', 'n du controle', 'reference du controle', 'ref controle',
      'id del control', 'numero de control', 'numero del control', 'codigo de control', 'codigo del control',
      'id do controle', 'numero do controle', 'codigo do controle', 'id do controlo', 'codigo do controlo',
    ],
  ],
  [
    'title',
    [
      '통제명', '통제 명', '통제 제목', '통제 이름', '통제제목',
      '統制名', '統制名称', 'コントロール名', '統制タイトル',
      'kontrollname', 'kontrolltitel', 'titel', 'bezeichnung', 'name der kontrolle',
      'titre', 'nom du controle', 'intitule', 'intitule du controle',
      'titulo', 'nombre del control', 'nombre', 'titulo del control',
      'nome do controle', 'nome', 'titulo do controle', 'nome do controlo',
    ],
  ],
  [
    'description',
    [
      '통제 설명', '통제설명', '통제활동', '통제 활동', '통제 내용', '통제내용', '설명', '통제 기술', '통제기술서',
      '統制内容', '統制の説明', '統制活動', '説明', '内容', 'コントロールの説明', '統制記述',
      'beschreibung', 'kontrollbeschreibung', 'kontrollaktivitat', 'kontrolltatigkeit', 'kontrollhandlung',
      'description du controle', 'activite de controle', 'activites de controle',
      'descripcion', 'descripcion del control', 'actividad de control', 'actividades de control',
      'descricao', 'descricao do controle', 'atividade de controle', 'atividades de controle', 'descricao do controlo',
    ],
  ],
  ['criteria', ['kriterien', 'criteres', 'criterios', '기준', '基準', 'tsc 기준', 'tsc 基準']],
  [
    'owner',
    [
      '통제 담당자', '통제담당자', '담당자', '수행자', '책임자', '담당부서', '담당 부서', '통제 수행자', '통제수행자',
      '担当者', '統制責任者', '責任者', '実施者', '担当部署', '統制担当者',
      'verantwortlich', 'verantwortlicher', 'kontrollverantwortlicher', 'eigentumer', 'kontrollinhaber',
      'responsable', 'proprietaire', 'proprietaire du controle', 'responsable du controle',
      'propietario', 'dueno del control', 'responsable del control',
      'responsavel', 'proprietario', 'dono do controle', 'responsavel pelo controle',
    ],
  ],
  [
    'frequency',
    [
      '통제주기', '통제 주기', '주기', '빈도', '수행주기', '수행 주기', '통제 빈도', '통제빈도',
      '頻度', '実施頻度', '統制頻度', '周期', '統制の頻度', '実施周期',
      'haufigkeit', 'frequenz', 'turnus', 'kontrollhaufigkeit', 'periodizitat', 'rhythmus',
      'frequence', 'periodicite', 'frequence du controle',
      'frecuencia', 'periodicidad', 'frecuencia del control',
      'frequencia', 'periodicidade', 'frequencia do controle',
    ],
  ],
  [
    'nature',
    [
      '예방 적발', '적발 예방', '예방 탐지', '예방적 적발적', '통제유형', '통제 유형', '통제 성격', '통제성격',
      '予防 発見', '発見 予防', '予防的 発見的', '統制の種類', '統制種類', '統制の性質',
      'art der kontrolle', 'kontrollart', 'praventiv detektiv', 'detektiv praventiv',
      'nature du controle', 'preventif detectif', 'preventive detective', 'nature',
      'naturaleza', 'naturaleza del control', 'preventivo detectivo', 'preventivo detective',
      'natureza', 'natureza do controle', 'preventivo detectivo', 'preventivo detetivo',
    ],
  ],
  [
    'method',
    [
      '자동 수동', '수동 자동', '자동화', '자동화 여부', '수행방법', '수행 방법', '통제방법', '통제 방법', '자동 수동 구분',
      '自動 手動', '手動 自動', '自動化', '実施方法', '統制方法', '自動 手動 区分',
      'automatisierung', 'manuell automatisiert', 'automatisiert manuell', 'automatisierungsgrad',
      'automatisation', 'manuel automatique', 'automatique manuel', 'mode d execution',
      'automatizacion', 'manual automatico', 'automatico manual', 'tipo de ejecucion',
      'automacao', 'manual automatico', 'automatico manual', 'automatizacao',
    ],
  ],
  [
    'systems',
    [
      '시스템', '관련 시스템', '관련시스템', '어플리케이션', '애플리케이션',
      'システム', '関連システム', 'アプリケーション',
      'systeme', 'anwendung', 'anwendungen', 'it system',
      'systemes', 'application concernee',
      'sistema', 'sistemas', 'aplicacion', 'aplicaciones',
      'aplicacao', 'aplicacoes',
    ],
  ],
  [
    'evidence',
    [
      '증빙', '증적', '증빙자료', '증빙 자료', '통제 증빙',
      '証跡', 'エビデンス', '証憑',
      'nachweis', 'nachweise', 'evidenz',
      'preuve', 'preuves', 'elements probants',
      'evidencia', 'evidencias',
      'evidencias do controle',
    ],
  ],
  ['status', ['상태', '진행 상태', 'ステータス', '状況', 'statut', 'estado', 'situacao']],
];

// Words that make a header about a risk, not a control ('Risk ID', '위험번호', 'リスク内容'): such a column is never
// the control's id, name or description.
export const RISK_HEADER = /(?:^| )(?:risk|risks|risiko|risiken|risque|risques|riesgo|riesgos|risco|riscos)(?: |$)|위험|リスク/;

// Words that make a header a key-control flag ('Key Control', '핵심통제', 'キーコントロール').
export const KEY_HEADER = /(?:^| )key(?: |$)|핵심|주요통제|キー|重要な統制|schlusselkontrolle|controle cle|control clave|controle chave/;
