/**
 * Training a linear-chain CRF over the tagger's features: the negative log-likelihood with an L2
 * term, minimised under an L1 penalty by OWL-QN (Andrew and Gao, 2007), so that most weights end at
 * exactly zero and the shipped model stays small. Hand-written because no maintained npm package
 * trains CRFs in JavaScript (the crfsuite bindings are native, unmaintained, and do not build on
 * current Node). Deterministic: sums run in a fixed order. Decoding is tagger.ts's Viterbi.
 */
import { ALLOWED, T } from '../server/extraction/attribution/tagger.js';

export interface CrfExample {
  rows: Int32Array[];
  gold: Int8Array;
}

/**
 * Loss (negative log-likelihood, plus c2/2·|w|²) and its gradient at `w`, whose first F·T entries
 * are feature weights and whose last (T+1)·T are transitions (the last row from the start).
 */
export function lossAndGradient(w: Float64Array, examples: CrfExample[], F: number, c2: number, grad: Float64Array): number {
  grad.fill(0);
  const trBase = F * T;
  const expTr = new Float64Array((T + 1) * T);
  for (let p = 0; p <= T; p++) for (let t = 0; t < T; t++) expTr[p * T + t] = ALLOWED[p * T + t] ? Math.exp(w[trBase + p * T + t]) : 0;
  let loss = 0;
  let alpha = new Float64Array(0), beta = new Float64Array(0), emit = new Float64Array(0), scale = new Float64Array(0);
  for (const ex of examples) {
    const n = ex.rows.length;
    if (n === 0) continue;
    if (alpha.length < n * T) (alpha = new Float64Array(n * T * 2)), (beta = new Float64Array(n * T * 2)), (emit = new Float64Array(n * T * 2)), (scale = new Float64Array(n * 2));
    // Emissions, shifted by their maximum per token for range, exponentiated.
    let logShift = 0;
    for (let i = 0; i < n; i++) {
      const r = ex.rows[i];
      let max = -Infinity;
      for (let t = 0; t < T; t++) {
        let s = 0;
        for (let k = 0; k < r.length; k++) s += w[r[k] * T + t];
        emit[i * T + t] = s;
        if (s > max) max = s;
      }
      for (let t = 0; t < T; t++) emit[i * T + t] = Math.exp(emit[i * T + t] - max);
      logShift += max;
    }
    // Forward, scaled so each position sums to 1.
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let t = 0; t < T; t++) {
        let s = 0;
        if (i === 0) s = expTr[T * T + t];
        else for (let p = 0; p < T; p++) s += alpha[(i - 1) * T + p] * expTr[p * T + t];
        s *= emit[i * T + t];
        alpha[i * T + t] = s;
        z += s;
      }
      scale[i] = z;
      for (let t = 0; t < T; t++) alpha[i * T + t] /= z;
    }
    // Backward with the same scales.
    for (let t = 0; t < T; t++) beta[(n - 1) * T + t] = 1;
    for (let i = n - 2; i >= 0; i--) {
      for (let p = 0; p < T; p++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += expTr[p * T + t] * emit[(i + 1) * T + t] * beta[(i + 1) * T + t];
        beta[i * T + p] = s / scale[i + 1];
      }
    }
    let logZ = logShift;
    for (let i = 0; i < n; i++) logZ += Math.log(scale[i]);
    // The gold path's score.
    let gold = 0;
    for (let i = 0; i < n; i++) {
      const g = ex.gold[i];
      const r = ex.rows[i];
      for (let k = 0; k < r.length; k++) gold += w[r[k] * T + g];
      gold += w[trBase + (i === 0 ? T : ex.gold[i - 1]) * T + g];
    }
    loss += logZ - gold;
    // Gradient: expected counts minus gold counts.
    for (let i = 0; i < n; i++) {
      const r = ex.rows[i];
      const g = ex.gold[i];
      for (let t = 0; t < T; t++) {
        const m = alpha[i * T + t] * beta[i * T + t];
        if (m === 0) continue;
        for (let k = 0; k < r.length; k++) grad[r[k] * T + t] += m;
      }
      for (let k = 0; k < r.length; k++) grad[r[k] * T + g] -= 1;
      if (i === 0) {
        for (let t = 0; t < T; t++) grad[trBase + T * T + t] += alpha[t] * beta[t];
        grad[trBase + T * T + g] -= 1;
      } else {
        for (let p = 0; p < T; p++) {
          const a = alpha[(i - 1) * T + p];
          if (a === 0) continue;
          for (let t = 0; t < T; t++) {
            if (!ALLOWED[p * T + t]) continue;
            grad[trBase + p * T + t] += (a * expTr[p * T + t] * emit[i * T + t] * beta[i * T + t]) / scale[i];
          }
        }
        grad[trBase + ex.gold[i - 1] * T + g] -= 1;
      }
    }
  }
  if (c2 > 0) {
    for (let j = 0; j < w.length; j++) {
      loss += 0.5 * c2 * w[j] * w[j];
      grad[j] += c2 * w[j];
    }
  }
  return loss;
}

/** OWL-QN: L-BFGS on the smooth loss, steered by the L1 term's pseudo-gradient and kept in its orthant. */
export function owlqn(
  size: number,
  evaluate: (w: Float64Array, grad: Float64Array) => number,
  options: { c1: number; iterations: number; onIteration?: (it: number, loss: number, nonZero: number, w: Float64Array) => void },
): Float64Array {
  const { c1, iterations } = options;
  /** L-BFGS keeps the last six steps. */
  const m = 6;
  let x = new Float64Array(size);
  let g = new Float64Array(size);
  const f = evaluate(x, g);
  const l1 = (v: Float64Array) => {
    let s = 0;
    for (let j = 0; j < v.length; j++) s += Math.abs(v[j]);
    return c1 * s;
  };
  let F = f + l1(x);
  const pseudo = (xv: Float64Array, gv: Float64Array, out: Float64Array) => {
    for (let j = 0; j < size; j++) {
      const xj = xv[j];
      const gj = gv[j];
      if (xj > 0) out[j] = gj + c1;
      else if (xj < 0) out[j] = gj - c1;
      else if (gj + c1 < 0) out[j] = gj + c1;
      else if (gj - c1 > 0) out[j] = gj - c1;
      else out[j] = 0;
    }
  };
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const pg = new Float64Array(size);
  const d = new Float64Array(size);
  const xNew = new Float64Array(size);
  let gNew = new Float64Array(size);
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let j = 0; j < a.length; j++) s += a[j] * b[j];
    return s;
  };
  for (let it = 1; it <= iterations; it++) {
    pseudo(x, g, pg);
    // Two-loop recursion: d = -H·pg.
    for (let j = 0; j < size; j++) d[j] = -pg[j];
    const alphas: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k] * dot(S[k], d);
      alphas[k] = a;
      const y = Y[k];
      for (let j = 0; j < size; j++) d[j] -= a * y[j];
    }
    if (S.length) {
      const k = S.length - 1;
      const gamma = dot(S[k], Y[k]) / dot(Y[k], Y[k]);
      for (let j = 0; j < size; j++) d[j] *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k] * dot(Y[k], d);
      const s = S[k];
      for (let j = 0; j < size; j++) d[j] += s[j] * (alphas[k] - b);
    }
    // Keep the direction where the pseudo-gradient points down.
    for (let j = 0; j < size; j++) if (d[j] * pg[j] >= 0) d[j] = 0;
    // Backtracking line search within the orthant.
    let step = S.length ? 1 : 1 / Math.sqrt(dot(pg, pg));
    let accepted = false;
    let fNew = 0;
    let FNew = 0;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < size; j++) {
        const orthant = x[j] !== 0 ? Math.sign(x[j]) : -Math.sign(pg[j]);
        const v = x[j] + step * d[j];
        xNew[j] = Math.sign(v) === orthant ? v : 0;
      }
      fNew = evaluate(xNew, gNew);
      FNew = fNew + l1(xNew);
      let decrease = 0;
      for (let j = 0; j < size; j++) decrease += pg[j] * (xNew[j] - x[j]);
      if (FNew <= F + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) (s[j] = xNew[j] - x[j]), (y[j] = gNew[j] - g[j]);
    const sy = dot(s, y);
    if (sy > 0) {
      S.push(s), Y.push(y), rho.push(1 / sy);
      if (S.length > m) S.shift(), Y.shift(), rho.shift();
    }
    const converged = Math.abs(F - FNew) / Math.max(1, Math.abs(FNew)) < 1e-5;
    x = Float64Array.from(xNew);
    [g, gNew] = [gNew, g];
    F = FNew;
    let nonZero = 0;
    for (let j = 0; j < size; j++) if (x[j] !== 0) nonZero++;
    options.onIteration?.(it, F, nonZero, x);
    if (converged) break;
  }
  return x;
}
