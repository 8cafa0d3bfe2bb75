// Imported first by cli.tsx, before Ink loads chalk: https://no-color.org asks that a non-empty
// NO_COLOR turn colour off; chalk's supports-color reads FORCE_COLOR (0 = no colour, no styles).
if (process.env.NO_COLOR && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
