/**
 * A small SOQL parser: enough for the queries a sharing-set tool sends, strict enough that a malformed query fails
 * the way it fails on a real org (400 MALFORMED_QUERY).
 *
 * SELECT <field | Rel.Field | AGG(field) [alias]>, … FROM <object>
 * [WHERE <cond>] [GROUP BY f, …] [HAVING <cond>] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]
 * cond: =, !=, <>, <, <=, >, >=, LIKE, IN (…), NOT IN (…), AND, OR, NOT, parentheses; literals: 'strings' (SOQL escapes),
 * numbers, true, false, null.
 * Semi-joins and anti-joins: `field [NOT] IN (SELECT field FROM object [WHERE cond])`, with the restrictions the SOQL
 * reference lists under "Considerations for Semi-Join and Anti-Join Queries" (docs/salesforce-facts.md §11) that can be
 * checked on the text: at most two per WHERE, not under OR or NOT, a left operand without relationships, a subquery
 * selecting one field without dot notation, no COUNT, ORDER BY or LIMIT in it, no semi-join inside it, not on the
 * main query's object, not on the objects the reference excludes. What needs the schema (the left operand and the
 * selected field are Ids or lookups to the same object type) is checked where the query runs (orgdata.ts).
 */

export type SoqlErrorCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'EXCEEDED_ID_LIMIT';

export class SoqlError extends Error {
  public constructor(public readonly errorCode: SoqlErrorCode, message: string) {
    super(message);
  }
}

export type Literal = string | number | boolean | null;

export type FieldExpr = { kind: 'field'; path: string[] };
export type AggregateFn = 'COUNT' | 'COUNT_DISTINCT' | 'MIN' | 'MAX' | 'SUM' | 'AVG';
export type AggregateExpr = { kind: 'agg'; fn: AggregateFn; arg?: string[] };
export type Expr = FieldExpr | AggregateExpr;

export type SelectItem = { expr: Expr; alias?: string };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN' | 'NOT IN';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'cmp'; left: Expr; op: CompareOp; value: Literal | Literal[]; like?: RegExp }
  /** A semi-join (`IN (SELECT …)`) or, `negated`, an anti-join (`NOT IN (SELECT …)`). */
  | { kind: 'semi'; left: FieldExpr; negated: boolean; query: Query };

export type OrderItem = { expr: Expr; desc: boolean; nullsLast: boolean };

export type Query = {
  select: SelectItem[];
  from: string;
  where?: Condition;
  groupBy?: string[][];
  having?: Condition;
  orderBy?: OrderItem[];
  limit?: number;
  offset?: number;
};

type Token =
  | { t: 'ident'; v: string; pos: number }
  | { t: 'string'; v: string; like: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'punct'; v: string; pos: number };

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
]);
const AGGREGATES = new Set<AggregateFn>(['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG']);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const malformed = (soql: string, pos: number, what: string): SoqlError =>
  new SoqlError(
    'MALFORMED_QUERY',
    `\n${soql}\n${' '.repeat(Math.max(0, pos))}^\nERROR at Row:1:Column:${pos + 1}\n${what}`
  );

/** Reads a quoted literal starting at `start` (the quote); returns the value, its LIKE regex source, and the end. */
const readString = (soql: string, start: number): { v: string; like: string; end: number } => {
  let v = '';
  let like = '';
  let i = start + 1;
  for (;;) {
    if (i >= soql.length) throw malformed(soql, start, 'line 1:' + String(start) + " mismatched character '<EOF>'");
    const c = soql[i];
    if (c === "'") return { v, like, end: i + 1 };
    if (c === '\\') {
      const n = soql[i + 1];
      const simple: Record<string, string> = {
        "'": "'",
        '"': '"',
        '\\': '\\',
        n: '\n',
        r: '\r',
        t: '\t',
        b: '\b',
        f: '\f',
      };
      if (n !== undefined && n in simple) {
        v += simple[n];
        like += escapeRegExp(simple[n]);
      } else if (n === '%' || n === '_') {
        // \% and \_ stand for the character itself, so that LIKE can match a literal % or _.
        v += n;
        like += escapeRegExp(n);
      } else {
        throw new SoqlError(
          'MALFORMED_QUERY',
          `Invalid string literal '${soql.slice(start + 1, i + 2)}'. Illegal escape sequence '\\${n ?? ''}'`
        );
      }
      i += 2;
      continue;
    }
    v += c;
    like += c === '%' ? '.*' : c === '_' ? '.' : escapeRegExp(c);
    i += 1;
  }
};

const tokenize = (soql: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      const s = readString(soql, i);
      tokens.push({ t: 'string', v: s.v, like: s.like, pos: i });
      i = s.end;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(soql[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(soql.slice(i)) as RegExpExecArray;
      tokens.push({ t: 'number', v: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(soql.slice(i)) as RegExpExecArray;
      tokens.push({ t: 'ident', v: m[0], pos: i });
      i += m[0].length;
    } else if (['!=', '<>', '<=', '>='].includes(soql.slice(i, i + 2))) {
      tokens.push({ t: 'op', v: soql.slice(i, i + 2) === '<>' ? '!=' : soql.slice(i, i + 2), pos: i });
      i += 2;
    } else if ('=<>'.includes(c)) {
      tokens.push({ t: 'op', v: c, pos: i });
      i += 1;
    } else if ('(),.'.includes(c)) {
      tokens.push({ t: 'punct', v: c, pos: i });
      i += 1;
    } else {
      throw malformed(soql, i, `line 1:${i} no viable alternative at character '${c}'`);
    }
  }
  return tokens;
};

class Parser {
  private i = 0;
  public constructor(private readonly soql: string, private readonly tokens: Token[]) {}

  public parse(): Query {
    const q = this.selectFromWhere();
    if (q.where) checkSemiJoins(q);
    if (this.isKeyword('GROUP')) {
      this.i += 1;
      this.keyword('BY');
      q.groupBy = this.list(() => this.path());
    }
    if (this.isKeyword('HAVING')) {
      this.i += 1;
      q.having = this.condition();
    }
    if (this.isKeyword('ORDER')) {
      this.i += 1;
      this.keyword('BY');
      q.orderBy = this.list(() => this.orderItem());
    }
    if (this.isKeyword('LIMIT')) {
      this.i += 1;
      q.limit = this.integer();
    }
    if (this.isKeyword('OFFSET')) {
      this.i += 1;
      q.offset = this.integer();
    }
    const rest = this.peek();
    if (rest) throw this.error(rest, `unexpected token: '${String(rest.v)}'`);
    return q;
  }

  /** `SELECT … FROM object [WHERE cond]`, the part a query and a semi-join's sub-select share. */
  private selectFromWhere(): Query {
    this.keyword('SELECT');
    const select = this.list(() => this.selectItem());
    this.keyword('FROM');
    const q: Query = { select, from: this.ident() };
    if (this.isKeyword('WHERE')) {
      this.i += 1;
      q.where = this.condition();
    }
    return q;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private error(token: Token | undefined, what: string): SoqlError {
    return malformed(this.soql, token ? token.pos : this.soql.length, what);
  }

  private isKeyword(k: string): boolean {
    const t = this.peek();
    return t?.t === 'ident' && t.v.toUpperCase() === k;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t?.t === 'punct' && t.v === p;
  }

  private keyword(k: string): void {
    if (!this.isKeyword(k)) throw this.error(this.peek(), `unexpected token: '${String(this.peek()?.v ?? '<EOF>')}'`);
    this.i += 1;
  }

  private punct(p: string): void {
    if (!this.isPunct(p))
      throw this.error(this.peek(), `expecting '${p}', found '${String(this.peek()?.v ?? '<EOF>')}'`);
    this.i += 1;
  }

  private ident(): string {
    const t = this.peek();
    if (t?.t !== 'ident' || KEYWORDS.has(t.v.toUpperCase())) {
      throw this.error(t, `unexpected token: '${String(t?.v ?? '<EOF>')}'`);
    }
    this.i += 1;
    return t.v;
  }

  private integer(): number {
    const t = this.peek();
    if (t?.t !== 'number' || !Number.isInteger(t.v) || t.v < 0) throw this.error(t, 'expecting a non-negative integer');
    this.i += 1;
    return t.v;
  }

  private list<T>(item: () => T): T[] {
    const out = [item()];
    while (this.isPunct(',')) {
      this.i += 1;
      out.push(item());
    }
    return out;
  }

  private path(): string[] {
    const out = [this.ident()];
    while (this.isPunct('.')) {
      this.i += 1;
      out.push(this.ident());
    }
    return out;
  }

  private expr(): Expr {
    const t = this.peek();
    const next = this.tokens[this.i + 1];
    if (t?.t === 'ident' && next?.t === 'punct' && next.v === '(' && AGGREGATES.has(t.v.toUpperCase() as AggregateFn)) {
      this.i += 2;
      const fn = t.v.toUpperCase() as AggregateFn;
      let arg: string[] | undefined;
      if (!this.isPunct(')')) arg = this.path();
      this.punct(')');
      if (!arg && fn !== 'COUNT') throw this.error(t, `${fn}() requires a field`);
      return { kind: 'agg', fn, arg };
    }
    if (t?.t === 'ident' && next?.t === 'punct' && next.v === '(') {
      throw new SoqlError('MALFORMED_QUERY', `Unknown function: ${t.v}`);
    }
    return { kind: 'field', path: this.path() };
  }

  private selectItem(): SelectItem {
    const expr = this.expr();
    const t = this.peek();
    if (expr.kind === 'agg' && t?.t === 'ident' && !KEYWORDS.has(t.v.toUpperCase())) {
      this.i += 1;
      return { expr, alias: t.v };
    }
    return { expr };
  }

  private orderItem(): OrderItem {
    const expr = this.expr();
    let desc = false;
    if (this.isKeyword('ASC')) this.i += 1;
    else if (this.isKeyword('DESC')) {
      this.i += 1;
      desc = true;
    }
    let nullsLast = desc;
    if (this.isKeyword('NULLS')) {
      this.i += 1;
      if (this.isKeyword('FIRST')) nullsLast = false;
      else if (this.isKeyword('LAST')) nullsLast = true;
      else throw this.error(this.peek(), 'expecting FIRST or LAST');
      this.i += 1;
    }
    return { expr, desc, nullsLast };
  }

  private condition(): Condition {
    let left = this.andCondition();
    while (this.isKeyword('OR')) {
      this.i += 1;
      left = { kind: 'or', left, right: this.andCondition() };
    }
    return left;
  }

  private andCondition(): Condition {
    let left = this.notCondition();
    while (this.isKeyword('AND')) {
      this.i += 1;
      left = { kind: 'and', left, right: this.notCondition() };
    }
    return left;
  }

  private notCondition(): Condition {
    if (this.isKeyword('NOT')) {
      this.i += 1;
      return { kind: 'not', inner: this.notCondition() };
    }
    if (this.isPunct('(')) {
      this.i += 1;
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const left = this.expr();
    const t = this.peek();
    if (t?.t === 'op') {
      this.i += 1;
      return { kind: 'cmp', left, op: t.v as CompareOp, value: this.literal() };
    }
    if (this.isKeyword('LIKE')) {
      this.i += 1;
      const lit = this.peek();
      if (lit?.t !== 'string') throw this.error(lit, 'LIKE needs a string literal');
      this.i += 1;
      return { kind: 'cmp', left, op: 'LIKE', value: lit.v, like: new RegExp(`^${lit.like}$`, 'is') };
    }
    let op: CompareOp | undefined;
    if (this.isKeyword('IN')) {
      this.i += 1;
      op = 'IN';
    } else if (this.isKeyword('NOT')) {
      this.i += 1;
      this.keyword('IN');
      op = 'NOT IN';
    }
    if (!op) throw this.error(t, `unexpected token: '${String(t?.v ?? '<EOF>')}'`);
    this.punct('(');
    if (this.isKeyword('SELECT')) {
      const query = this.subquery();
      this.punct(')');
      if (left.kind !== 'field') throw this.error(t, 'Aggregate functions cannot be the left operand of a semi-join');
      return { kind: 'semi', left, negated: op === 'NOT IN', query };
    }
    const values = this.list(() => this.literal());
    this.punct(')');
    return { kind: 'cmp', left, op, value: values };
  }

  /** `SELECT field FROM object [WHERE cond]` inside a semi-join's parentheses. */
  private subquery(): Query {
    const start = this.peek();
    const q = this.selectFromWhere();
    const { select } = q;
    const rest = this.peek();
    if (rest && !this.isPunct(')')) {
      // COUNT, FOR UPDATE, ORDER BY and LIMIT aren't supported in subqueries (SOQL reference); the emulator reads no
      // other clause there either.
      throw this.error(rest, `unexpected token in a semi-join sub-select: '${String(rest.v)}'`);
    }
    const [item] = select;
    if (select.length !== 1 || item.expr.kind !== 'field') {
      throw this.error(start, 'a semi-join sub-select selects exactly one field, without aggregate functions');
    }
    if (item.expr.path.length > 1) {
      throw new SoqlError(
        'INVALID_FIELD',
        `semi join sub-selects can't traverse relationships: '${item.expr.path.join('.')}'`
      );
    }
    if (containsSemiJoin(q.where)) {
      throw new SoqlError('MALFORMED_QUERY', 'semi join sub-selects cannot be nested in another semi join sub-select');
    }
    return q;
  }

  private literal(): Literal {
    const t = this.peek();
    if (!t) throw this.error(t, 'unexpected end of query');
    this.i += 1;
    if (t.t === 'string' || t.t === 'number') return t.v;
    if (t.t === 'ident') {
      const u = t.v.toLowerCase();
      if (u === 'true') return true;
      if (u === 'false') return false;
      if (u === 'null') return null;
    }
    throw this.error(t, `unexpected token: '${String(t.v)}'`);
  }
}

/** Objects the SOQL reference says are not supported in semi-join subqueries (tag objects end with `Tag`). */
const NOT_IN_SUBQUERIES = new Set(['activityhistory', 'attachment', 'event', 'note', 'openactivity', 'task']);

function containsSemiJoin(cond: Condition | undefined): boolean {
  if (!cond) return false;
  if (cond.kind === 'semi') return true;
  if (cond.kind === 'and' || cond.kind === 'or') return containsSemiJoin(cond.left) || containsSemiJoin(cond.right);
  return cond.kind === 'not' && containsSemiJoin(cond.inner);
}

/** The restrictions on a main query's semi-joins that the text shows (see the module comment). */
function checkSemiJoins(q: Query): void {
  const semis: Array<Extract<Condition, { kind: 'semi' }>> = [];
  const visit = (cond: Condition | undefined, top: boolean): void => {
    if (!cond) return;
    if (cond.kind === 'and') {
      visit(cond.left, top);
      visit(cond.right, top);
    } else if (cond.kind === 'or' || cond.kind === 'not') {
      if (containsSemiJoin(cond)) {
        throw new SoqlError(
          'MALFORMED_QUERY',
          cond.kind === 'or'
            ? "Semi join sub-selects are not allowed with the 'OR' operator"
            : 'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.'
        );
      }
    } else if (cond.kind === 'semi' && top) semis.push(cond);
  };
  visit(q.where, true);
  if (semis.length > 2) {
    throw new SoqlError('MALFORMED_QUERY', 'No more than two semi join or anti join sub-selects are allowed per WHERE');
  }
  for (const semi of semis) {
    if (semi.left.path.length > 1) {
      throw new SoqlError(
        'MALFORMED_QUERY',
        `The left operand of a semi join can't use relationships: '${semi.left.path.join('.')}'`
      );
    }
    const from = semi.query.from.toLowerCase();
    if (from === q.from.toLowerCase()) {
      throw new SoqlError('MALFORMED_QUERY', `A semi join sub-select can't query the main query's object: ${q.from}`);
    }
    if (NOT_IN_SUBQUERIES.has(from) || from.endsWith('tag')) {
      throw new SoqlError('MALFORMED_QUERY', `Entity '${semi.query.from}' is not supported in semi join sub-selects`);
    }
  }
}

/** Parses one SOQL statement; throws SoqlError('MALFORMED_QUERY') on anything it does not understand. */
export const parseSoql = (soql: string): Query => new Parser(soql, tokenize(soql)).parse();

/** Quotes a value as a SOQL string literal (for tests and fixtures that build queries). */
export const soqlString = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
