// What the router needs to know about a request to route it, computed once per request and
// independent of the client's wire format.
export interface RequestSummary {
  stream: boolean;
  /** Text of the last user message (text parts joined with "\n"). */
  lastUserText: string;
  /** System (and developer) text, joined with "\n". */
  systemText: string;
  /** Characters of all message text, tool arguments and tool results: the input for token estimates. */
  textChars: number;
  imageCount: number;
  toolCount: number;
  /** Size of the tool definitions as JSON, which also costs prompt tokens. */
  toolsChars: number;
  maxOutputTokens?: number;
  /** OpenAI stream_options.include_usage; Anthropic clients always get usage. */
  wantsUsage: boolean;
}
