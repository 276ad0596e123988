// Brands (专属小程序): one JSON file per mini-program in brands/<name>.json. A build takes
// `--brand <name>` (default `quanzi`, today's app); the file is validated here before Taro runs,
// so a broken brand fails with a message naming the field instead of a half-built app.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_BRAND = 'quanzi';
const HEX = /^#[0-9a-fA-F]{6}$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;
// An appid as WeChat issues them, or the DevTools' placeholder for projects without one.
const APPID = /^(wx[0-9a-f]{16}|touristappid)$/;
const TAB_ICONS = ['discover', 'circles', 'me'];

/** The problems of a brand object (empty when it may be built). */
function validateBrand(brand) {
  if (!brand || typeof brand !== 'object' || Array.isArray(brand)) return ['the brand must be a JSON object'];
  const problems = [];
  const src = (rel) => path.join(ROOT, 'src', rel);
  if (typeof brand.appid !== 'string' || !APPID.test(brand.appid))
    problems.push('appid: must be a mini-program appid (wx + 16 hex digits) or "touristappid"');
  if (typeof brand.appName !== 'string' || !brand.appName.trim() || brand.appName.length > 20)
    problems.push('appName: must be a non-empty name of at most 20 characters');
  for (const key of ['brand', 'brandDark', 'brandLight']) {
    if (!HEX.test(brand.theme?.[key] ?? '')) problems.push(`theme.${key}: must be a colour like #4F6BED`);
  }
  if (brand.logo !== undefined && (typeof brand.logo !== 'string' || !fs.existsSync(src(brand.logo))))
    problems.push(`logo: ${brand.logo} not found under src/`);
  if (typeof brand.tabIcons !== 'string') problems.push('tabIcons: must name a folder under src/ with the tab icons');
  else {
    const missing = TAB_ICONS.flatMap((n) => [`${n}.png`, `${n}-active.png`]).filter(
      (f) => !fs.existsSync(src(path.join(brand.tabIcons, f))),
    );
    if (missing.length) problems.push(`tabIcons: ${brand.tabIcons} lacks ${missing.join(', ')}`);
  }
  const ids = brand.defaultCircleIds;
  if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => OBJECT_ID.test(id))))
    problems.push('defaultCircleIds: must be a list of circle ids (24 hex digits)');
  if (brand.singleCircleId !== undefined && !OBJECT_ID.test(brand.singleCircleId))
    problems.push('singleCircleId: must be a circle id (24 hex digits)');
  if (typeof brand.apiOrigin !== 'string' || !/^(https:\/\/[^/\s]+)?$/.test(brand.apiOrigin))
    problems.push('apiOrigin: must be an https origin (https://host, no path) or "" for the build default');
  const features = brand.features ?? {};
  if (typeof features !== 'object' || Object.values(features).some((v) => typeof v !== 'boolean'))
    problems.push('features: must map feature names to true/false');
  return problems;
}

/** Reads and validates brands/<name>.json; throws with every problem listed. */
function loadBrand(name = DEFAULT_BRAND, dir = path.join(ROOT, 'brands')) {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`brand "${name}": names are lower-case letters, digits and -`);
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) throw new Error(`brand "${name}": ${path.relative(process.cwd(), file)} not found`);
  let brand;
  try {
    brand = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`brand "${name}": ${file} is not valid JSON (${e.message})`);
  }
  const problems = validateBrand(brand);
  if (problems.length) throw new Error(`brand "${name}" (${file}):\n  ${problems.join('\n  ')}`);
  return { name, features: {}, defaultCircleIds: [], ...brand };
}

/** Splits `--brand <name>` (or `--brand=<name>`) off Taro's arguments. */
function brandArg(args) {
  const rest = [];
  let name = DEFAULT_BRAND;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--brand') name = args[++i];
    else if (args[i].startsWith('--brand=')) name = args[i].slice('--brand='.length);
    else rest.push(args[i]);
  }
  return { name, rest };
}

/** Where a brand's build goes: the default brand keeps dist/<type>, others dist/brands/<name>/<type>. */
function outputRoot(name, type) {
  return name === DEFAULT_BRAND ? `dist/${type}` : `dist/brands/${name}/${type}`;
}

module.exports = { validateBrand, loadBrand, brandArg, outputRoot, DEFAULT_BRAND };
