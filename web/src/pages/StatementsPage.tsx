export function StatementsPage() {
  return <main><h1>Statements</h1><p>Being built.</p></main>;
}
