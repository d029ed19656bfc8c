import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccountsService, Actor, CurrentActor, Public } from '@tongxin/accounts';
import { ApiErrorDto } from '@tongxin/common';
import { RateLimit } from '../rate-limit/rate-limit.policies';
import { LoginDto, OrganizerDto, SignupDto, SignupResponseDto, TokenDto } from './dto/auth.dto';

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @RateLimit('auth')
  @Post('auth/signup')
  @ApiOperation({ summary: 'Create an organizer account' })
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
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async login(@Body() dto: LoginDto): Promise<TokenDto> {
    const { accessToken } = await this.accounts.login(dto);
    return { accessToken };
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in organizer' })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  async me(@CurrentActor() actor: Actor): Promise<OrganizerDto> {
    return OrganizerDto.from(await this.accounts.getMe(actor));
  }
}
