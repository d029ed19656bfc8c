import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { newToken, PublicLinks } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import {
  attachRegistration,
  cancelMessage,
  claimLinkMessagesForSending,
  ClaimedLinkMessage,
  dropUnsent,
  issueGroupLinks,
  issueLinksToAddress,
  LinkLifetime,
} from '@tongxin/outbox';
import { DataSource } from 'typeorm';
import { linkMessageViewOf } from './message-policy';
import { DelegatedGroup, delegatedGroups, groupPeople } from './message-view.queries';
import type { GroupSection, MessageView } from './render';

/** What became of a claimed row before sending: a view to send, or why nothing goes out. */
export type PreparedLinkMessage = { view: MessageView } | { outcome: 'dropped' | 'cancelled' };

/**
 * The worker's side of the two messages addressed to a person rather than a registration: a group's link to its
 * delegate (group_link) and "your links again" (link_request). Each is resolved when it is sent: the address's
 * registration and the groups it is the delegate of, read now; fresh tokens issued for each link it carries (only
 * hashes are kept). A link request for an address with nothing for this event is dropped (the row is deleted: no
 * message was owed, and the address is not kept); links past their lifetime are not sent.
 */
@Injectable()
export class LinkMessages {
  private readonly links: PublicLinks;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifetime: LinkLifetime,
    config: ConfigService<Env, true>,
  ) {
    this.links = new PublicLinks(config.get('PUBLIC_URL', { infer: true }));
  }

  /** Claims the link messages among these ids that are still queued (queued -> sending, attempts + 1). */
  claim(ids: string[]): Promise<ClaimedLinkMessage[]> {
    return claimLinkMessagesForSending(this.dataSource.manager, ids);
  }

  async prepare(message: ClaimedLinkMessage): Promise<PreparedLinkMessage> {
    const db = this.dataSource.manager;
    const email = message.kind === 'group_link' ? undefined : message.payload.email;
    const groups = await delegatedGroups(
      db,
      message.kind === 'group_link'
        ? { groupId: message.groupId! }
        : { eventId: message.eventId, delegateEmail: email! },
    );
    const registration = email ? await this.issueRegistrationLinks(message.eventId, email) : undefined;
    if (!registration && groups.length === 0) {
      await dropUnsent(db, message);
      return { outcome: 'dropped' };
    }
    // The organizer's log lists a link request under the registration it was for (MessagesService.log).
    if (registration) await attachRegistration(db, message.id, registration.registrationId);
    if (this.lifetime.isExpired(message.endsAt)) {
      // (The links just issued for the registration are dead on arrival: every lookup checks the lifetime.)
      await cancelMessage(db, message.id, 'links expired');
      return { outcome: 'cancelled' };
    }
    const delegate = groups[0];
    const view = linkMessageViewOf(message, {
      registration,
      delegate: delegate && { name: delegate.delegateName, email: delegate.delegateEmail, locale: delegate.locale },
      email,
      links: { manage: registration?.links.manage ?? null, join: registration?.links.join ?? null, unsubscribe: null },
      groups: await this.issueGroupLinks(groups),
    });
    return { view };
  }

  /** The address's registration for the event, with a fresh manage link and (confirmed, online) join link. */
  private async issueRegistrationLinks(eventId: string, email: string) {
    const manage = newToken();
    const join = newToken();
    const found = await issueLinksToAddress(this.dataSource.manager, eventId, email, [
      { purpose: 'manage', hash: manage.hash },
      { purpose: 'join', hash: join.hash },
    ]);
    if (!found) return undefined;
    const links = {
      manage: found.issued.includes('manage') ? this.links.to('manage', manage.token) : null,
      join: found.issued.includes('join') ? this.links.to('join', join.token) : null,
    };
    return { ...found, links };
  }

  /** A fresh link for each group, and its people with their current status. */
  private async issueGroupLinks(groups: DelegatedGroup[]): Promise<GroupSection[]> {
    if (groups.length === 0) return [];
    const tokens = groups.map(() => newToken());
    await issueGroupLinks(
      this.dataSource.manager,
      groups.map((g, i) => ({ groupId: g.id, hash: tokens[i]!.hash })),
    );
    const people = await groupPeople(
      this.dataSource.manager,
      groups.map((g) => g.id),
    );
    return groups.map((g, i) => ({
      organizationName: g.organizationName,
      link: this.links.to('group', tokens[i]!.token),
      people: people.filter((p) => p.groupId === g.id).map(({ name, status }) => ({ name, status })),
    }));
  }
}
