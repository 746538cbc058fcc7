/**
 * The cluster recipes (scripts/cluster, Dockerfile; README "Sweeps at scale") run here without a
 * scheduler: the container's entry point runs four shards in parallel as child processes with the
 * environment Slurm or Kubernetes would give them, the Slurm merge step merges them, and the result is
 * the unsharded sweep. The manifests are checked for the lines the recipes depend on.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import type { CliIO } from '../../src/cli/command.ts';
import { sweepCommand } from '../../src/cli/commands/sweep.ts';

const root = new URL('../..', import.meta.url).pathname;
const fixture = join(root, 'test/fixtures/sweep-small.json');
const entry = join(root, 'scripts/cluster/sweep-shard.sh');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

/** The environment without any scheduler variables of the machine running the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLURM_|JOB_COMPLETION_INDEX|SWEEP_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env: cleanEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

const withoutShard = (csv: string) => csv.replace(/,[^,\n]*$/gm, '');

describe('cluster recipe: the entry point, run as a scheduler would', () => {
  it('four shards in parallel (Slurm and Kubernetes variables), merged, equal the unsharded sweep', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-cluster-'));
    const config = join(dir, 'sweep.json');
    copyFileSync(fixture, config);
    const parts = join(dir, 'parts');
    const base = { SWEEP_CONFIG: config, SWEEP_OUT_DIR: parts };
    const shards = await Promise.all([
      run(entry, [], { ...base, SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' }), // Slurm job array
      run(entry, [], { ...base, SLURM_ARRAY_TASK_ID: '1', SWEEP_SHARDS: '4' }),
      run(entry, [], { ...base, JOB_COMPLETION_INDEX: '2', SWEEP_SHARDS: '4' }), // Kubernetes Indexed Job
      run(entry, ['3'], { ...base, SWEEP_SHARDS: '4' }), // docker run image 3
    ]);
    for (const s of shards) expect(s.code, s.stderr).toBe(0);
    expect(readdirSync(parts).sort()).toEqual(['part-0000.csv', 'part-0001.csv', 'part-0002.csv', 'part-0003.csv']);

    // the Slurm merge step, run as its dependent job would run it
    const merged = await run('bash', [join(root, 'scripts/cluster/slurm-merge.sbatch')], {
      SWEEP_DIR: parts,
      SLURM_SUBMIT_DIR: root,
    });
    expect(merged.code, merged.stderr).toBe(0);
    const out = readFileSync(join(parts, 'merged.csv'), 'utf8');

    const files = new Map<string, string>();
    const io: CliIO = {
      out: () => {},
      err: () => {},
      readFile: (_f, p) => readFileSync(p, 'utf8'),
      writeFile: (_f, p, c) => void files.set(p, c),
    };
    await sweepCommand.run(['--config', fixture, '--out', 'all.csv'], io);
    // the fixture has 3 voltages x 2 pulses x 2 placements = 12 points: a header and 12 rows
    expect(out.trim().split('\n')).toHaveLength(13);
    expect(withoutShard(out)).toBe(withoutShard(files.get('all.csv')!));

    // a restarted task (preempted, or a pod rescheduled) resumes its complete part and changes nothing
    const before = readFileSync(join(parts, 'part-0002.csv'), 'utf8');
    const again = await run(entry, [], { ...base, JOB_COMPLETION_INDEX: '2', SWEEP_SHARDS: '4' });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('3 of 3 points of shard 2/4 there');
    expect(readFileSync(join(parts, 'part-0002.csv'), 'utf8')).toBe(before);
  }, 90_000);

  it('refuses a missing or out-of-range shard index and a missing count (exit 2, named)', () => {
    const sh = (env: Record<string, string>, args: string[] = []) =>
      spawnSync(entry, args, { cwd: root, env: cleanEnv({ SWEEP_CONFIG: fixture, ...env }), encoding: 'utf8' });
    let r = sh({ SWEEP_SHARDS: '4' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no shard index');
    r = sh({ SWEEP_SHARDS: '4' }, ['4']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('shard index 4 is not accepted (accepted: 0 <= index < SWEEP_SHARDS = 4)');
    r = sh({ SLURM_ARRAY_TASK_ID: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no shard count');
    r = sh({ SWEEP_SHARDS: 'four' }, ['1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SWEEP_SHARDS "four" is not accepted');
  });
});

describe('cluster recipe files', () => {
  it('the shell scripts parse (bash -n) and the entry point is executable', () => {
    for (const f of [
      'scripts/cluster/sweep-shard.sh',
      'scripts/cluster/slurm-sweep.sbatch',
      'scripts/cluster/slurm-merge.sbatch',
    ]) {
      const r = spawnSync('bash', ['-n', join(root, f)], { encoding: 'utf8' });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }
    expect(statSync(entry).mode & 0o111).not.toBe(0);
  });

  it('the Slurm array script: an array job whose tasks run the entry point', () => {
    const s = read('scripts/cluster/slurm-sweep.sbatch');
    expect(s.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(s).toMatch(/^#SBATCH --array=0-\d+$/m);
    expect(s).toMatch(/^exec .*scripts\/cluster\/sweep-shard\.sh"?$/m);
    // #SBATCH lines come before the first command (sbatch stops reading them there)
    const lines = s.split('\n');
    const firstCommand = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(lines.slice(firstCommand).some((l) => l.startsWith('#SBATCH'))).toBe(false);
  });

  it('the Kubernetes manifest: an Indexed Job with completions = parallelism = SWEEP_SHARDS', () => {
    const y = read('scripts/cluster/k8s-sweep-job.yaml');
    const job = y.split(/^---$/m).find((d) => /^kind: Job$/m.test(d))!;
    expect(job).toMatch(/^apiVersion: batch\/v1$/m);
    expect(job).toMatch(/^ {2}completionMode: Indexed$/m);
    const completions = /^ {2}completions: (\d+)$/m.exec(job)?.[1];
    const parallelism = /^ {2}parallelism: (\d+)$/m.exec(job)?.[1];
    const shards = /- name: SWEEP_SHARDS\n\s+value: ['"](\d+)['"]/.exec(job)?.[1];
    expect(completions).toBeDefined();
    expect([parallelism, shards]).toEqual([completions, completions]);
    // the pods write their parts where the merge job reads them, on the shared volume
    const outDir = /- name: SWEEP_OUT_DIR\n\s+value: (\S+)/.exec(job)?.[1];
    expect(outDir).toMatch(/^\/data\//);
    expect(job).toMatch(/mountPath: \/data$/m);
    expect(read('scripts/cluster/k8s-merge-job.yaml')).toContain(`sweep merge ${outDir}/part-*.csv --out`);
    // no tabs (YAML forbids them for indentation)
    expect(y).not.toContain('\t');
  });

  it('the Dockerfile: a Node 20 image, npm ci, the entry point', () => {
    const d = read('Dockerfile');
    expect(d).toMatch(/^FROM node:20[-.\w]*$/m);
    expect(d).toMatch(/^RUN npm ci\b/m);
    expect(d).toMatch(/^ENTRYPOINT \["\/app\/scripts\/cluster\/sweep-shard\.sh"\]$/m);
    expect(read('.dockerignore').split('\n')).toContain('node_modules');
  });
});
