import type { Id, IsoTime, PageQuery } from './common';

/** A poll is a one-question survey; both share one model. */
export const PollKinds = ['poll', 'survey'] as const;
export type PollKind = (typeof PollKinds)[number];

export const QuestionTypes = ['single', 'multiple', 'text', 'rating'] as const;
export type QuestionType = (typeof QuestionTypes)[number];

/** Who sees the tallies: admins always do. */
export const ResultsVisibilities = ['always', 'after_vote', 'after_close', 'admins'] as const;
export type ResultsVisibility = (typeof ResultsVisibilities)[number];

export const PollLimits = {
  titleMax: 100,
  descriptionMax: 1000,
  questionsMax: 30,
  questionTitleMax: 200,
  optionsMin: 2,
  optionsMax: 20,
  optionLabelMax: 100,
  textAnswerMax: 1000,
  ratingMin: 1,
  ratingMax: 5,
  tagIdsMax: 10,
  /** Question and option ids are short strings; the server assigns one when absent. */
  idMax: 16,
  /** A tag breakdown never shows a group smaller than this (it would point at people). */
  breakdownMinGroup: 5,
} as const;

export interface PollOptionInput {
  /** Keep the id when editing so answers and tags stay attached; omit for a new option. */
  id?: string;
  label: string;
  /** Single choice only: a tag given to members who pick this option. Refused on anonymous polls. */
  tagId?: string | null;
}

export interface PollQuestionInput {
  id?: string;
  type: QuestionType;
  title: string;
  /** single and multiple: 2–20 options. */
  options?: PollOptionInput[];
  required?: boolean;
  /** multiple only: at most this many choices (default: all options). */
  maxChoices?: number;
}

export interface CreatePollRequest {
  title: string;
  description?: string;
  kind: PollKind;
  questions: PollQuestionInput[];
  anonymous?: boolean;
  closesAt?: IsoTime | null;
  resultsVisibility: ResultsVisibility;
  /** Preset tags given to every respondent (source `poll`). */
  tagIds?: string[];
}

/** `PATCH /api/polls/:id` (admins). Questions may change only while nobody has answered. */
export interface UpdatePollRequest {
  title?: string;
  description?: string;
  questions?: PollQuestionInput[];
  closesAt?: IsoTime | null;
  resultsVisibility?: ResultsVisibility;
  tagIds?: string[];
}

export interface PollOptionView {
  id: string;
  label: string;
  tagId: Id | null;
}

export interface PollQuestionView {
  id: string;
  type: QuestionType;
  title: string;
  required: boolean;
  /** multiple: the most choices allowed; null for other types. */
  maxChoices: number | null;
  options: PollOptionView[];
}

export interface PollAnswer {
  questionId: string;
  optionIds?: string[];
  text?: string;
  rating?: number;
}

export interface SubmitPollResponseRequest {
  answers: PollAnswer[];
  /** The invite that brought the member here: its preset tags are given (source `invite`). */
  inviteCode?: string;
}

/** The caller's own answers (named polls only: an anonymous answer is linked to nobody). */
export interface MyPollResponseView {
  answers: PollAnswer[];
  respondedAt: IsoTime;
}

export interface PollView {
  id: Id;
  circleId: Id;
  title: string;
  description: string;
  kind: PollKind;
  questions: PollQuestionView[];
  anonymous: boolean;
  closesAt: IsoTime | null;
  /** closesAt passed or an admin closed it. */
  closed: boolean;
  resultsVisibility: ResultsVisibility;
  tagIds: Id[];
  responseCount: number;
  createdAt: IsoTime;
  /** Whether the caller has answered (known for anonymous polls too, through the participation marker). */
  responded: boolean;
  /** The caller's answers on a named poll; always null on anonymous polls. */
  myResponse: MyPollResponseView | null;
  /** Whether `GET /api/polls/:id/results` would answer the caller now. */
  canSeeResults: boolean;
}

export interface PollListQuery extends PageQuery {
  /** open: not closed; closed: closed. Default both. */
  status?: 'open' | 'closed';
}

export interface OptionTally {
  optionId: string;
  count: number;
  /** Share of the question's respondents, 0–100 with one decimal (multiple choice can sum past 100). */
  percent: number;
}

export interface QuestionResults {
  questionId: string;
  type: QuestionType;
  /** Respondents who answered this question. */
  answered: number;
  /** single / multiple: one row per option in question order. */
  options: OptionTally[];
  /** rating: null for other types; average null when nobody rated. */
  rating: { average: number | null; distribution: { value: number; count: number }[] } | null;
}

export interface PollResultsView {
  pollId: Id;
  responseCount: number;
  questions: QuestionResults[];
  /**
   * With `?byTag=` (admins, named polls): the same tallies over respondents holding that tag.
   * `suppressed` when fewer than PollLimits.breakdownMinGroup respondents hold it (no numbers then).
   */
  breakdown: { tagId: Id; suppressed: boolean; responseCount: number | null; questions: QuestionResults[] } | null;
}

export interface PollResultsQuery {
  byTag?: string;
}

/** Text answers of one question for admins; the author only on named polls. */
export interface TextAnswerView {
  text: string;
  author: { id: Id; nickname: string } | null;
  /** Asia/Shanghai day of the answer (anonymous answers keep no finer time). */
  day: string;
}

export interface TextAnswersQuery extends PageQuery {
  questionId: string;
}

/**
 * `POST /api/polls/:id/export-link` (admins): a signed download link of the CSV, valid for a few
 * minutes, for places that cannot send a bearer token (a browser download, a copied link).
 */
export interface PollExportLink {
  /** Absolute, on PUBLIC_BASE_URL. */
  url: string;
  /** The same link relative to the API origin. */
  path: string;
  expiresAt: IsoTime;
}

export interface PollExportQuery {
  uid?: string;
  exp?: string;
  sig?: string;
}
