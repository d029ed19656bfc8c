import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccountsService, Actor, CurrentActor, PasswordResetsService, Public } from '@tongxin/accounts';
import { ApiErrorDto } from '@tongxin/common';
import { RateLimit } from '../rate-limit/rate-limit.policies';
import { LinkRequestAcceptedDto } from '../registrations/dto/link-request.dto';
import {
  LoginDto,
  NewPasswordDto,
  OrganizerDto,
  PasswordResetRequestDto,
  SignupDto,
  SignupResponseDto,
  TokenDto,
} from './dto/auth.dto';

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly passwordResets: PasswordResetsService,
  ) {}

  @Public()
  @RateLimit('auth')
  @Post('auth/signup')
  @ApiOperation({ summary: 'Create an organizer account' })
  @ApiCreatedResponse({ type: SignupResponseDto, description: 'The account, and a bearer token for it' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EMAIL_TAKEN' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async signup(@Body() dto: SignupDto): Promise<SignupResponseDto> {
    const { organizer, accessToken } = await this.accounts.signup(dto);
    return { accessToken, user: OrganizerDto.from(organizer) };
  }

  @Public()
  @RateLimit('auth')
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async login(@Body() dto: LoginDto): Promise<TokenDto> {
    const { accessToken } = await this.accounts.login(dto);
    return { accessToken };
  }

  @Public()
  @RateLimit('auth', 'mail', 'passwordResetEmail')
  @Post('auth/password-resets')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password reset link by mail',
    description:
      'Always 202, whether or not an account uses the address (nothing tells which). An account gets a link to ' +
      '/console/reset-password/{token}, valid one hour, single use.',
  })
  @ApiAcceptedResponse({
    type: LinkRequestAcceptedDto,
    description: 'If an account uses this address, a reset link is on its way',
  })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto): Promise<LinkRequestAcceptedDto> {
    await this.passwordResets.request(dto);
    return { accepted: true };
  }

  @Public()
  @RateLimit('auth', 'link')
  @Post('auth/password-resets/:token')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with a reset link',
    description: 'Uses the link (it works once), and ends every console session of the account.',
  })
  @ApiNoContentResponse({ description: 'The password is changed' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'NOT_FOUND: no such link' })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the link was used or is past its hour' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async resetPassword(@Param('token') token: string, @Body() dto: NewPasswordDto): Promise<void> {
    await this.passwordResets.reset(token, dto.password);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in organizer' })
  @ApiOkResponse({ type: OrganizerDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  async me(@CurrentActor() actor: Actor): Promise<OrganizerDto> {
    return OrganizerDto.from(await this.accounts.getMe(actor));
  }
}
