import type { ApiErrorBody } from './errors';
import type {
  BroadcastDetail,
  BroadcastPreview,
  BroadcastPreviewRequest,
  BroadcastView,
  CreateBroadcastRequest,
  SubscriptionsRequest,
  SubscriptionsView,
} from './broadcasts';
import type {
  ChatHistoryQuery,
  ChatHistoryView,
  ChatMessageView,
  ChatMuteRequest,
  ChatMuteView,
  ChatUnreadView,
  SendChatMessageRequest,
} from './live';
import type {
  AnalyticsOverview,
  AnalyticsRangeQuery,
  ChannelStatsResponse,
  EngagementRecomputeResponse,
  EngagementView,
  KocResponse,
  EventFunnelQuery,
  EventFunnelView,
  PollFunnelView,
  RetentionQuery,
  RetentionResponse,
  SegmentCountsResponse,
} from './analytics';
import type {
  DevLoginRequest,
  HealthResponse,
  LoginResponse,
  UpdateProfileRequest,
  UserView,
  WechatLoginRequest,
} from './auth';
import type {
  CircleListQuery,
  CircleView,
  CreateCircleRequest,
  DirectoryEntryView,
  JoinCircleRequest,
  MemberListQuery,
  MemberView,
  MyMembershipView,
  UpdateCircleRequest,
  UpdateMemberRoleRequest,
} from './circles';
import type { Page, PageQuery } from './common';
import type { ExportLinkRequest, ExportLinkView } from './exports';
import type { CircleOrderView, OrderListQuery, OrderView, RefundOrderRequest, RevenueView } from './payments';
import type {
  MarkNotificationsReadRequest,
  NotificationSettingsView,
  NotificationsPage,
  NotificationsQuery,
  UnreadCountView,
  UpdateNotificationSettingsRequest,
} from './notifications';
import type {
  CommentQueueQuery,
  CommentView,
  CreateCommentRequest,
  CreatePostRequest,
  CreateReportRequest,
  FeedQuery,
  LikeResponse,
  PostEditView,
  PostView,
  ReportQueueQuery,
  ReportView,
  ResolveReportRequest,
  UpdatePostRequest,
} from './posts';
import type {
  CreatePollRequest,
  PollExportLink,
  PollListQuery,
  PollResultsQuery,
  PollResultsView,
  PollView,
  SubmitPollResponseRequest,
  TextAnswersQuery,
  TextAnswerView,
  UpdatePollRequest,
} from './polls';
import type { BulkTagRequest, BulkTagResponse, CreateTagRequest, TagView, UpdateTagRequest } from './tags';
import type {
  CreateInviteRequest,
  InviteLandingView,
  InviteListQuery,
  InviteView,
  ReferralLeaderboard,
  ReferralTree,
  ReferralTreeQuery,
} from './invites';
import type {
  CheckerRequest,
  CheckinRequest,
  CheckinResponse,
  CreateEventRequest,
  CreateRegistrationRequest,
  EventListQuery,
  EventRoster,
  CheckinSyncRequest,
  CheckinSyncResponse,
  EventPublicView,
  EventStatsView,
  EventSummaryView,
  EventView,
  MyTicketView,
  PaymentStartView,
  RegistrationListQuery,
  RegistrationView,
  UpdateEventRequest,
} from './events';
import { ApiRoutes, toQueryString } from './routes';
import type {
  CreateTagRuleRequest,
  TagRuleBackfillView,
  TagRuleListQuery,
  TagRuleView,
  UpdateTagRuleRequest,
} from './tag-rules';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Path with query string already applied, e.g. `/api/me`. */
  path: string;
  body?: unknown;
  /** Extra request headers (e.g. `Idempotency-Key`); transports pass them on. */
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  data: unknown;
}

/**
 * Sends one request. The transport owns the wire (Taro.request, fetch, app.inject) and the
 * bearer token, so the same client serves the mini-program, the e2e suites and integrators.
 */
export type ApiTransport = (request: ApiRequest) => Promise<ApiResponse>;

/** A non-2xx answer, carrying the server's `{ code, message, details }` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  return typeof data === 'object' && data !== null && 'code' in data && 'message' in data;
}

export function createApiClient(transport: ApiTransport) {
  async function call<T>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    const res = await transport(headers ? { method, path, body, headers } : { method, path, body });
    if (res.status >= 200 && res.status < 300) return res.data as T;
    const errorBody: ApiErrorBody = isErrorBody(res.data)
      ? res.data
      : { code: 'INTERNAL', message: `HTTP ${res.status}` };
    throw new ApiError(res.status, errorBody);
  }

  return {
    call,
    health: () => call<HealthResponse>('GET', ApiRoutes.health),
    loginWechat: (body: WechatLoginRequest) => call<LoginResponse>('POST', ApiRoutes.authWechat, body),
    loginDev: (body: DevLoginRequest) => call<LoginResponse>('POST', ApiRoutes.authDev, body),
    getMe: () => call<UserView>('GET', ApiRoutes.me),
    updateMe: (body: UpdateProfileRequest) => call<UserView>('PATCH', ApiRoutes.me, body),

    // circles and members
    myCircles: (query?: PageQuery) => call<Page<CircleView>>('GET', ApiRoutes.myCircles + toQueryString(query)),
    createCircle: (body: CreateCircleRequest) => call<CircleView>('POST', ApiRoutes.circles, body),
    listCircles: (query?: CircleListQuery) => call<Page<CircleView>>('GET', ApiRoutes.circles + toQueryString(query)),
    getCircle: (id: string) => call<CircleView>('GET', ApiRoutes.circle(id)),
    updateCircle: (id: string, body: UpdateCircleRequest) => call<CircleView>('PATCH', ApiRoutes.circle(id), body),
    circleDirectory: (id: string, query?: PageQuery) =>
      call<Page<DirectoryEntryView>>('GET', ApiRoutes.circleDirectory(id) + toQueryString(query)),
    joinCircle: (id: string, body: JoinCircleRequest = {}) =>
      call<MyMembershipView>('POST', ApiRoutes.circleJoin(id), body),
    leaveCircle: (id: string) => call<MyMembershipView>('POST', ApiRoutes.circleLeave(id), {}),
    listMembers: (id: string, query?: MemberListQuery) =>
      call<Page<MemberView>>('GET', ApiRoutes.circleMembers(id) + toQueryString(query)),
    getMember: (id: string, userId: string) => call<MemberView>('GET', ApiRoutes.circleMember(id, userId)),
    approveMember: (id: string, userId: string) =>
      call<MemberView>('POST', ApiRoutes.circleMemberApprove(id, userId), {}),
    rejectMember: (id: string, userId: string) =>
      call<MemberView>('POST', ApiRoutes.circleMemberReject(id, userId), {}),
    updateMemberRole: (id: string, userId: string, body: UpdateMemberRoleRequest) =>
      call<MemberView>('PATCH', ApiRoutes.circleMember(id, userId), body),
    removeMember: (id: string, userId: string) => call<MemberView>('DELETE', ApiRoutes.circleMember(id, userId)),

    // posts, comments, likes, reports
    createPost: (circleId: string, body: CreatePostRequest) =>
      call<PostView>('POST', ApiRoutes.circlePosts(circleId), body),
    listPosts: (circleId: string, query?: FeedQuery) =>
      call<Page<PostView>>('GET', ApiRoutes.circlePosts(circleId) + toQueryString(query)),
    getPost: (id: string) => call<PostView>('GET', ApiRoutes.post(id)),
    updatePost: (id: string, body: UpdatePostRequest) => call<PostView>('PATCH', ApiRoutes.post(id), body),
    postEdits: (id: string) => call<PostEditView[]>('GET', ApiRoutes.postEdits(id)),
    deletePost: (id: string) => call<void>('DELETE', ApiRoutes.post(id)),
    approvePost: (id: string) => call<PostView>('POST', ApiRoutes.postApprove(id), {}),
    likePost: (id: string) => call<LikeResponse>('POST', ApiRoutes.postLike(id), {}),
    unlikePost: (id: string) => call<LikeResponse>('DELETE', ApiRoutes.postLike(id)),
    createComment: (postId: string, body: CreateCommentRequest) =>
      call<CommentView>('POST', ApiRoutes.postComments(postId), body),
    listComments: (postId: string, query?: PageQuery) =>
      call<Page<CommentView>>('GET', ApiRoutes.postComments(postId) + toQueryString(query)),
    deleteComment: (id: string) => call<void>('DELETE', ApiRoutes.comment(id)),
    approveComment: (id: string) => call<CommentView>('POST', ApiRoutes.commentApprove(id), {}),
    listCommentQueue: (circleId: string, query?: CommentQueueQuery) =>
      call<Page<CommentView>>('GET', ApiRoutes.circleComments(circleId) + toQueryString(query)),
    reportPost: (id: string, body: CreateReportRequest) => call<ReportView>('POST', ApiRoutes.postReports(id), body),
    listReports: (circleId: string, query?: ReportQueueQuery) =>
      call<Page<ReportView>>('GET', ApiRoutes.circleReports(circleId) + toQueryString(query)),
    resolveReport: (id: string, body: ResolveReportRequest) =>
      call<ReportView>('POST', ApiRoutes.reportResolve(id), body),

    // polls and surveys
    createPoll: (circleId: string, body: CreatePollRequest) =>
      call<PollView>('POST', ApiRoutes.circlePolls(circleId), body),
    listPolls: (circleId: string, query?: PollListQuery) =>
      call<Page<PollView>>('GET', ApiRoutes.circlePolls(circleId) + toQueryString(query)),
    getPoll: (id: string) => call<PollView>('GET', ApiRoutes.poll(id)),
    updatePoll: (id: string, body: UpdatePollRequest) => call<PollView>('PATCH', ApiRoutes.poll(id), body),
    closePoll: (id: string) => call<PollView>('POST', ApiRoutes.pollClose(id), {}),
    respondToPoll: (id: string, body: SubmitPollResponseRequest) =>
      call<PollView>('POST', ApiRoutes.pollResponses(id), body),
    pollResults: (id: string, query?: PollResultsQuery) =>
      call<PollResultsView>('GET', ApiRoutes.pollResults(id) + toQueryString(query)),
    pollTextAnswers: (id: string, query: TextAnswersQuery) =>
      call<Page<TextAnswerView>>('GET', ApiRoutes.pollTextAnswers(id) + toQueryString(query)),
    /** CSV text (UTF-8 with BOM), admins only. */
    exportPoll: (id: string) => call<string>('GET', ApiRoutes.pollExport(id)),
    pollExportLink: (id: string) => call<PollExportLink>('POST', ApiRoutes.pollExportLink(id), {}),
    /** A 5-minute signed link to one CSV export (attendees, members) for wx.downloadFile. */
    exportLink: (body: ExportLinkRequest) => call<ExportLinkView>('POST', ApiRoutes.exportLink, body),

    // tags
    createTag: (circleId: string, body: CreateTagRequest) =>
      call<TagView>('POST', ApiRoutes.circleTags(circleId), body),
    listTags: (circleId: string) => call<TagView[]>('GET', ApiRoutes.circleTags(circleId)),
    updateTag: (circleId: string, tagId: string, body: UpdateTagRequest) =>
      call<TagView>('PATCH', ApiRoutes.circleTag(circleId, tagId), body),
    deleteTag: (circleId: string, tagId: string) => call<void>('DELETE', ApiRoutes.circleTag(circleId, tagId)),
    bulkTagMembers: (circleId: string, body: BulkTagRequest) =>
      call<BulkTagResponse>('POST', ApiRoutes.circleMemberTags(circleId), body),

    // invites and referrals
    createInvite: (circleId: string, body: CreateInviteRequest) =>
      call<InviteView>('POST', ApiRoutes.circleInvites(circleId), body),
    listInvites: (circleId: string, query?: InviteListQuery) =>
      call<Page<InviteView>>('GET', ApiRoutes.circleInvites(circleId) + toQueryString(query)),
    myInvite: (circleId: string) => call<InviteView>('POST', ApiRoutes.circleMyInvite(circleId), {}),
    openInvite: (code: string) => call<InviteLandingView>('GET', ApiRoutes.invite(code)),
    referralLeaderboard: (circleId: string) =>
      call<ReferralLeaderboard>('GET', ApiRoutes.referralLeaderboard(circleId)),
    referralTree: (circleId: string, query?: ReferralTreeQuery) =>
      call<ReferralTree>('GET', ApiRoutes.referralTree(circleId) + toQueryString(query)),

    // tag rules (admins); the poster is an image: load ApiRoutes.invitePoster(code) directly
    createTagRule: (circleId: string, body: CreateTagRuleRequest) =>
      call<TagRuleView>('POST', ApiRoutes.circleTagRules(circleId), body),
    listTagRules: (circleId: string, query?: TagRuleListQuery) =>
      call<Page<TagRuleView>>('GET', ApiRoutes.circleTagRules(circleId) + toQueryString(query)),
    updateTagRule: (circleId: string, ruleId: string, body: UpdateTagRuleRequest) =>
      call<TagRuleView>('PATCH', ApiRoutes.circleTagRule(circleId, ruleId), body),
    deleteTagRule: (circleId: string, ruleId: string) =>
      call<void>('DELETE', ApiRoutes.circleTagRule(circleId, ruleId)),
    backfillTagRule: (circleId: string, ruleId: string) =>
      call<TagRuleBackfillView>('POST', ApiRoutes.circleTagRuleBackfill(circleId, ruleId), {}),

    // events, registrations, check-in
    createEvent: (circleId: string, body: CreateEventRequest) =>
      call<EventView>('POST', ApiRoutes.circleEvents(circleId), body),
    listEvents: (circleId: string, query?: EventListQuery) =>
      call<Page<EventSummaryView>>('GET', ApiRoutes.circleEvents(circleId) + toQueryString(query)),
    getEvent: (id: string) => call<EventView>('GET', ApiRoutes.event(id)),
    getPublicEvent: (id: string) => call<EventPublicView>('GET', ApiRoutes.eventPublic(id)),
    updateEvent: (id: string, body: UpdateEventRequest) => call<EventView>('PATCH', ApiRoutes.event(id), body),
    cancelEvent: (id: string) => call<EventView>('POST', ApiRoutes.eventCancel(id), {}),
    register: (eventId: string, body: CreateRegistrationRequest, idempotencyKey?: string) =>
      call<RegistrationView>(
        'POST',
        ApiRoutes.eventRegistrations(eventId),
        body,
        idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
      ),
    getRegistration: (id: string) => call<RegistrationView>('GET', ApiRoutes.registration(id)),
    cancelRegistration: (id: string) => call<RegistrationView>('POST', ApiRoutes.registrationCancel(id), {}),
    approveRegistration: (id: string) => call<RegistrationView>('POST', ApiRoutes.registrationApprove(id), {}),
    rejectRegistration: (id: string) => call<RegistrationView>('POST', ApiRoutes.registrationReject(id), {}),
    payRegistration: (id: string) => call<PaymentStartView>('POST', ApiRoutes.registrationPay(id), {}),
    myTickets: (query?: PageQuery) => call<Page<MyTicketView>>('GET', ApiRoutes.myTickets + toQueryString(query)),

    // notifications (inbox)
    myNotifications: (query?: NotificationsQuery) =>
      call<NotificationsPage>('GET', ApiRoutes.myNotifications + toQueryString(query)),
    markNotificationsRead: (body: MarkNotificationsReadRequest) =>
      call<UnreadCountView>('POST', ApiRoutes.myNotificationsRead, body),
    getNotificationSettings: () => call<NotificationSettingsView>('GET', ApiRoutes.myNotificationSettings),
    updateNotificationSettings: (body: UpdateNotificationSettingsRequest) =>
      call<NotificationSettingsView>('PATCH', ApiRoutes.myNotificationSettings, body),
    clickNotification: (id: string) => call<UnreadCountView>('POST', ApiRoutes.myNotificationClick(id), {}),
    recordSubscriptions: (body: SubscriptionsRequest) =>
      call<SubscriptionsView>('POST', ApiRoutes.mySubscriptions, body),
    previewBroadcast: (circleId: string, body: BroadcastPreviewRequest) =>
      call<BroadcastPreview>('POST', ApiRoutes.circleBroadcastPreview(circleId), body),
    createBroadcast: (circleId: string, body: CreateBroadcastRequest) =>
      call<BroadcastView>('POST', ApiRoutes.circleBroadcasts(circleId), body),
    listBroadcasts: (circleId: string, query?: PageQuery) =>
      call<Page<BroadcastView>>('GET', ApiRoutes.circleBroadcasts(circleId) + toQueryString(query)),
    getBroadcast: (id: string) => call<BroadcastDetail>('GET', ApiRoutes.broadcast(id)),
    cancelBroadcast: (id: string) => call<BroadcastView>('POST', ApiRoutes.broadcastCancel(id), {}),
    listRegistrations: (eventId: string, query?: RegistrationListQuery) =>
      call<Page<RegistrationView>>('GET', ApiRoutes.eventRegistrations(eventId) + toQueryString(query)),
    eventStats: (eventId: string) => call<EventStatsView>('GET', ApiRoutes.eventStats(eventId)),
    checkIn: (eventId: string, body: CheckinRequest) =>
      call<CheckinResponse>('POST', ApiRoutes.eventCheckins(eventId), body),
    eventRoster: (eventId: string) => call<EventRoster>('GET', ApiRoutes.eventRoster(eventId)),
    syncCheckins: (eventId: string, body: CheckinSyncRequest) =>
      call<CheckinSyncResponse>('POST', ApiRoutes.eventCheckinsSync(eventId), body),
    addChecker: (eventId: string, body: CheckerRequest) =>
      call<EventView>('POST', ApiRoutes.eventCheckers(eventId), body),
    removeChecker: (eventId: string, userId: string) =>
      call<EventView>('DELETE', ApiRoutes.eventChecker(eventId, userId)),
    getOrder: (id: string) => call<OrderView>('GET', ApiRoutes.order(id)),
    registrationOrder: (registrationId: string) => call<OrderView>('GET', ApiRoutes.registrationOrder(registrationId)),
    listCircleOrders: (circleId: string, query?: OrderListQuery) =>
      call<Page<CircleOrderView>>('GET', ApiRoutes.circleOrders(circleId) + toQueryString(query)),
    circleRevenue: (circleId: string) => call<RevenueView>('GET', ApiRoutes.circleRevenue(circleId)),
    refundOrder: (id: string, body: RefundOrderRequest) => call<OrderView>('POST', ApiRoutes.orderRefund(id), body),
    devConfirmPayment: (orderId: string) => call<OrderView>('POST', ApiRoutes.devPaymentConfirm(orderId), {}),
    devCancelPayment: (orderId: string) => call<OrderView>('POST', ApiRoutes.devPaymentCancel(orderId), {}),
    chatHistory: (eventId: string, query?: ChatHistoryQuery) =>
      call<ChatHistoryView>('GET', ApiRoutes.eventChat(eventId) + toQueryString(query)),
    sendChatMessage: (eventId: string, body: SendChatMessageRequest) =>
      call<ChatMessageView>('POST', ApiRoutes.eventChat(eventId), body),
    deleteChatMessage: (id: string) => call<ChatMessageView>('DELETE', ApiRoutes.chatMessage(id)),
    muteChatMember: (eventId: string, body: ChatMuteRequest) =>
      call<ChatMuteView>('POST', ApiRoutes.eventChatMutes(eventId), body),
    chatUnread: (eventId: string) => call<ChatUnreadView>('GET', ApiRoutes.eventChatRead(eventId)),
    markChatRead: (eventId: string, body: { seq: number }) =>
      call<ChatUnreadView>('POST', ApiRoutes.eventChatRead(eventId), body),

    // Insight
    analyticsOverview: (circleId: string, query: AnalyticsRangeQuery) =>
      call<AnalyticsOverview>('GET', ApiRoutes.circleAnalyticsOverview(circleId) + toQueryString(query)),
    analyticsChannels: (circleId: string, query: AnalyticsRangeQuery) =>
      call<ChannelStatsResponse>('GET', ApiRoutes.circleAnalyticsChannels(circleId) + toQueryString(query)),
    analyticsRetention: (circleId: string, query: RetentionQuery) =>
      call<RetentionResponse>('GET', ApiRoutes.circleAnalyticsRetention(circleId) + toQueryString(query)),
    eventFunnel: (eventId: string, query?: EventFunnelQuery) =>
      call<EventFunnelView>('GET', ApiRoutes.eventFunnel(eventId) + toQueryString(query)),
    pollFunnel: (pollId: string) => call<PollFunnelView>('GET', ApiRoutes.pollFunnel(pollId)),
    memberEngagement: (circleId: string, userId: string) =>
      call<EngagementView>('GET', ApiRoutes.circleMemberEngagement(circleId, userId)),
    recomputeEngagement: (circleId: string) =>
      call<EngagementRecomputeResponse>('POST', ApiRoutes.circleEngagementRecompute(circleId), {}),
    analyticsKoc: (circleId: string) => call<KocResponse>('GET', ApiRoutes.circleAnalyticsKoc(circleId)),
    analyticsSegments: (circleId: string) =>
      call<SegmentCountsResponse>('GET', ApiRoutes.circleAnalyticsSegments(circleId)),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
