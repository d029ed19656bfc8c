import { formatWhen } from '@tongxin/messages';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isLang, Lang, translate } from './i18n';

/** Templates (*.hbs) and the shared layout; copied beside the compiled code by nest-cli's assets. */
export const VIEWS_DIR = path.join(__dirname, 'views');

/** What every page's template can read besides its own data (set by the pages middleware and the controllers). */
export interface PageLocals {
  lang: Lang;
  /** The form token every POST form carries as `_csrf`. */
  csrf: string;
  /** The signed-in organizer on console pages. */
  user?: { email: string };
  /** A page's field errors: field name → message keys (validation.* or errors.*). */
  fieldErrors?: Record<string, string[]>;
  /** The placeholders of a field's messages, when they have some (how many answers use a question). */
  fieldErrorVars?: Record<string, Record<string, unknown>>;
  /** The values a form is shown with again after an error. */
  values?: Record<string, unknown>;
  /** A message key (and its placeholders) shown above a form or on the error page. */
  formError?: { key: string; vars?: Record<string, unknown> };
}

type Root = Partial<PageLocals> & Record<string, unknown>;

function rootOf(options: Handlebars.HelperOptions): Root {
  return (options.data as { root: Root }).root;
}

function langOf(options: Handlebars.HelperOptions): Lang {
  const lang = rootOf(options).lang;
  return isLang(lang) ? lang : 'zh';
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat('zh-CN'),
  en: new Intl.NumberFormat('en-GB'),
};

/** The Handlebars of the pages: its own instance, so mail templates and page helpers never mix. */
function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper({
    /** {{t "key" name=value}} or {{t key varsObject}}: the string in the page's language. */
    t(key: string, ...rest: unknown[]) {
      const options = rest.pop() as Handlebars.HelperOptions;
      const vars = {
        ...(rest[0] as Record<string, unknown> | undefined),
        ...(options.hash as Record<string, unknown>),
      };
      return translate(langOf(options), key, vars);
    },
    /** {{pick zh en}}: the first when the page is Chinese, else the second (or the first when it is empty). */
    pick(zh: unknown, en: unknown, options: Handlebars.HelperOptions) {
      return langOf(options) === 'en' && en ? en : zh;
    },
    eq: (a: unknown, b: unknown) => a === b,
    ne: (a: unknown, b: unknown) => a !== b,
    gt: (a: number, b: number) => a > b,
    not: (a: unknown) => !a,
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    includes: (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
    /** {{number n}}: 12,000 with the page's grouping. */
    number(n: unknown, options: Handlebars.HelperOptions) {
      return typeof n === 'number' ? numberFormats[langOf(options)].format(n) : '';
    },
    /** {{when startsAt endsAt timezone}}: the range in the event's zone, as the mail says it. */
    when(start: unknown, end: unknown, zone: unknown, options: Handlebars.HelperOptions) {
      if (!start || !end || typeof zone !== 'string') return '';
      return formatWhen(new Date(start as string), new Date(end as string), zone, langOf(options));
    },
    /** {{dateTime at timezone}}: one instant in a zone, e.g. 2026-03-14 14:00. */
    dateTime(at: unknown, zone: unknown) {
      if (!at) return '';
      return new Date(at as string)
        .toLocaleString('sv-SE', { timeZone: typeof zone === 'string' ? zone : 'Asia/Shanghai' })
        .slice(0, 16);
    },
    /** {{value "field"}}: what a form field is shown with (the submitted value after an error). */
    value(field: string, options: Handlebars.HelperOptions) {
      const value = rootOf(options).values?.[field];
      return value === undefined || value === null ? '' : String(value);
    },
    /** {{#if (hasError "field")}} */
    hasError(field: string, options: Handlebars.HelperOptions) {
      return Boolean(rootOf(options).fieldErrors?.[field]?.length);
    },
    /** {{fieldError "field"}}: the field's messages in the page's language. */
    fieldError(field: string, options: Handlebars.HelperOptions) {
      const root = rootOf(options);
      const keys = root.fieldErrors?.[field] ?? [];
      return keys.map((key) => translate(langOf(options), key, root.fieldErrorVars?.[field])).join(' ');
    },
    selected: (a: unknown, b: unknown) => (String(a) === String(b) ? 'selected' : ''),
    checked: (a: unknown) => (a === true || a === 'on' || a === 'true' ? 'checked' : ''),
    /** {{json value}} inside <script type="application/json">: no way to close the script element. */
    json: (value: unknown) => new hbs.SafeString(JSON.stringify(value ?? null).replace(/</g, '\\u003c')),
  });
  return hbs;
}

/** Every *.hbs under a folder, by its path without extension ('public/event', 'partials/field'). */
function templateFiles(dir: string, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of templateFiles(path.join(dir, entry.name), name)) found.set(k, v);
    else if (entry.name.endsWith('.hbs')) found.set(name.slice(0, -4), path.join(dir, entry.name));
  }
  return found;
}

/**
 * The express view engine of the pages: every template compiled once at start, partials from views/partials, each
 * page rendered into views/layout.hbs unless its data says `layout: false`.
 */
export function createViewEngine(dir = VIEWS_DIR) {
  const hbs = createHandlebars();
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const [name, file] of templateFiles(dir)) {
    const source = readFileSync(file, 'utf8');
    if (name.startsWith('partials/')) hbs.registerPartial(name.slice('partials/'.length), source);
    else templates.set(name, hbs.compile(source, { strict: false }));
  }
  const layout = templates.get('layout');
  if (!layout) throw new Error(`no layout.hbs in ${dir}`);

  const render = (name: string, data: Root): string => {
    const template = templates.get(name);
    if (!template) throw new Error(`no page template ${name}`);
    const body = template(data);
    return data.layout === false ? body : layout({ ...data, body: new hbs.SafeString(body) });
  };

  /** express: app.engine('hbs', engine) */
  const engine = (file: string, options: object, callback: (error: Error | null, html?: string) => void) => {
    try {
      const name = path
        .relative(dir, file)
        .replace(/\\/g, '/')
        .replace(/\.hbs$/, '');
      callback(null, render(name, options as Root));
    } catch (error) {
      callback(error as Error);
    }
  };
  return { render, engine };
}
