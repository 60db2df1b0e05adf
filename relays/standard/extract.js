const fs = require("fs");
const m = require("./lib/cjs/index.js");
const out = process.argv[2];
const dts = fs.readFileSync("lib/esm/transfer/schema-lieux-de-mediation-numerique/schema-lieux-de-mediation-numerique.d.ts", "utf8");
// Field names in schema order, with whether each is required (no "?").
const fields = [];
for (const block of dts.matchAll(/export type (\w+Fields) = \{([^}]*)\}/g)) {
  for (const f of block[2].matchAll(/(\w+)(\??):\s*(\w+);/g)) {
    fields.push({ name: f[1], required: f[2] !== "?", type: f[3], group: block[1].replace("SchemaLieuMediationNumerique", "").replace("Fields", "") });
  }
}
const enumValues = (e) => Object.values(e);
const data = {
  source: "@gouvfr-anct/lieux-de-mediation-numerique@2.3.0",
  list_separator: "|",
  fields,
  services: enumValues(m.Service),
  publics_specifiquement_adresses: enumValues(m.PublicSpecifiquementAdresse),
  prise_en_charge_specifique: enumValues(m.PriseEnChargeSpecifique),
  frais_a_charge: enumValues(m.Frais),
  modalites_acces: enumValues(m.ModaliteAcces),
  modalites_accompagnement: enumValues(m.ModaliteAccompagnement),
  itinerance: enumValues(m.Itinerance),
  dispositif_programmes_nationaux: enumValues(m.DispositifProgrammeNational),
  typologie: enumValues(m.Typologie),
};
fs.writeFileSync(out, JSON.stringify(data, null, 2) + "\n");
