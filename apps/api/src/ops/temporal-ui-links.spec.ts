import { temporalUiLinks } from './temporal-ui-links';

describe('temporalUiLinks', () => {
  it('should build the case filter and the run history from the configured UI address and namespace', () => {
    const links = temporalUiLinks('https://temporal.example.org/', 'avrr prod', 'c1', 'r1');
    expect(links.caseRuns).toBe(
      'https://temporal.example.org/namespaces/avrr%20prod/workflows?query=WorkflowId%3D%22c1%22',
    );
    expect(links.run).toBe('https://temporal.example.org/namespaces/avrr%20prod/workflows/c1/r1/history');
  });

  it('should give no run link when the workflow could not be read', () => {
    expect(temporalUiLinks('http://127.0.0.1:8233', 'default', 'c1').run).toBeNull();
  });
});
