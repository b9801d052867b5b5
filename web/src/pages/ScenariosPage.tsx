export function ScenariosPage() {
  return <main><h1>Scenarios</h1><p>Being built.</p></main>;
}
