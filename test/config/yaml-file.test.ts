import { describe, expect, it } from '@jest/globals';
import { renderProblem } from '../../src/config/problem.ts';
import { parseYaml } from '../../src/config/yaml-file.ts';

describe('parseYaml', () => {
  it('locates values and keys by path, 1-based', () => {
    const text = [
      'salesforce:',
      '  leadStatus:',
      '    Open - Not Contacted: mql',
      '    Closed - Not Converted:',
      '      stage: recycled',
      'weekly:',
      '  - mon',
      '  - tue',
    ].join('\n');
    const result = parseYaml(text, 'mappings/stages.yaml');
    if (!result.ok) throw new Error('expected valid YAML');
    const { locate } = result.source;
    expect(locate(['salesforce', 'leadStatus', 'Open - Not Contacted'])).toEqual({
      line: 3,
      column: 27,
    });
    expect(locate(['salesforce', 'leadStatus', 'Open - Not Contacted'], { key: true })).toEqual({
      line: 3,
      column: 5,
    });
    expect(locate(['salesforce', 'leadStatus', 'Closed - Not Converted', 'stage'])).toEqual({
      line: 5,
      column: 14,
    });
    expect(locate(['weekly', 1])).toEqual({ line: 8, column: 5 });
    // A missing key points at the key of the map that should hold it.
    expect(locate(['salesforce', 'leadStatus', 'Closed - Not Converted', 'reason'])).toEqual({
      line: 4,
      column: 5,
    });
  });

  it('reports each syntax error line once, with the yaml library position and a hint', () => {
    const result = parseYaml(
      'handoff:\n\tuseAssignmentRules: true\nsync:\n  tieBreak: salesforce\n  tieBreak: hubspot\n',
      'config/leadloop.yaml',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(renderProblem)).toEqual([
      'config/leadloop.yaml:2:1 YAML syntax error: Tabs are not allowed as indentation — hint: indent with spaces, never tabs',
      'config/leadloop.yaml:5:3 YAML syntax error: Map keys must be unique — hint: each key may appear only once in a map; delete or merge the repeated one',
    ]);
    expect(result.problems[0]).toMatchObject({
      code: 'yaml.syntax',
      path: '',
      expected: 'valid YAML',
    });
  });

  it('reads an empty file as null data', () => {
    const result = parseYaml('# nothing here yet\n', 'config/leadloop.yaml');
    expect(result.ok && result.source.data).toBeNull();
  });
});
